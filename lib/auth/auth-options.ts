import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/errors/app-error";
import { clientIp, headersFromRecord } from "@/lib/http/client-ip";
import { rateLimitSql } from "@/lib/http/rate-limit-sql";
import { authenticate } from "./authenticate";

const credentialsSchema = z.object({ email: z.string().min(3).max(200), password: z.string().min(1).max(200) });

/** next-auth v4: Credentials against admin_users (scrypt), JWT sessions of 8 hours. */
export const authOptions: NextAuthOptions = {
  secret: getConfig().auth.secret,
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  // Secure (and __Secure-/__Host- prefixed) cookies whenever the public URL is https, also
  // behind a TLS-terminating proxy where the request itself arrives over http.
  useSecureCookies: getConfig().http.https,
  pages: { signIn: "/admin/sign-in", error: "/admin/sign-in" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const ip = clientIp(headersFromRecord(req.headers as Record<string, unknown> | undefined));
        try {
          const user = await authenticate(await getDb(), await rateLimitSql(), { ...parsed.data, ip });
          return user && { id: user.id, email: user.email, name: user.name, role: user.role, sv: user.sessionVersion };
        } catch (err) {
          // next-auth passes an Error's message to the sign-in page as `error`.
          // By code as well as class: in the built app the route's copy of the error class is not
          // always the one authenticate() threw, and the message then reached the page as text.
          if (err instanceof RateLimitedError || (err as { code?: unknown } | null)?.code === "RATE_LIMITED")
            throw new Error("RATE_LIMITED");
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = (user as { role?: string }).role;
        token.sv = (user as { sv?: number }).sv;
      }
      return token;
    },
    // `sv` is the user's session version at sign-in; requireAdmin refuses the session once the
    // database's has moved on (disabled, demoted, password reset, signed out everywhere).
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.uid, role: token.role, sv: token.sv } };
    },
  },
};
