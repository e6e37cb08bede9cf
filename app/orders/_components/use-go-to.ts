"use client";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { isExternal } from "./pay-routes";

/** Replaces the page with `href`: the router for our own paths, a full navigation to another origin (the merchant). */
export function useGoTo(): (href: string) => void {
  const router = useRouter();
  return useCallback(
    (href: string) => {
      if (isExternal(href)) window.location.replace(href);
      else router.replace(href);
    },
    [router],
  );
}
