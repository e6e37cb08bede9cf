import { describe, expect, it } from "vitest";
import { sniffImageType } from "./sniff-image-type";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

describe("sniffImageType", () => {
  it.each([
    ["PNG", bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13]), "image/png"],
    ["JPEG (JFIF)", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF"), "image/jpeg"],
    ["JPEG (Exif)", bytes([0xff, 0xd8, 0xff, 0xe1]), "image/jpeg"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
  ])("%s", (_name, b, type) => expect(sniffImageType(b)).toBe(type));

  it.each([
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["SVG with an XML prolog", bytes('<?xml version="1.0"?><svg/>')],
    ["GIF", bytes("GIF89a", [1, 0, 1, 0])],
    ["HTML", bytes("<!doctype html><script>alert(1)</script>")],
    ["RIFF that is not WebP (WAV)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
    ["a truncated PNG signature", bytes([0x89], "PNG\r\n")],
    ["two JPEG bytes", bytes([0xff, 0xd8])],
    ["nothing", bytes()],
    ["PNG signature not at the start", bytes([0], [0x89], "PNG\r\n\x1a\n")],
  ])("refuses %s", (_name, b) => expect(sniffImageType(b)).toBeNull());
});
