type ProductImageType = "image/png" | "image/jpeg" | "image/webp";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The image type from its first bytes, never from the client's Content-Type or filename.
 * PNG, JPEG and WebP only; anything else (SVG, GIF, HTML, …) is null.
 */
export function sniffImageType(bytes: Uint8Array): ProductImageType | null {
  if (bytes.length >= 8 && startsWith(bytes, PNG)) return "image/png";
  if (bytes.length >= 3 && startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (bytes.length >= 12 && startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8))
    return "image/webp";
  return null;
}
