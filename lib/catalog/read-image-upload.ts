import { BadRequestError } from "@/lib/errors/app-error";
import { ImageTooLargeError, MAX_IMAGE_BYTES } from "./image-errors";

// Room for the multipart boundary and part headers around a 2 MiB file.
const MULTIPART_OVERHEAD = 16 * 1024;

/**
 * The `image` part of a multipart/form-data upload as bytes. A declared body over the limit is
 * refused before it is read; the part's own type and filename are ignored (the bytes decide).
 */
export async function readImageUpload(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_IMAGE_BYTES + MULTIPART_OVERHEAD) throw new ImageTooLargeError();
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) {
    throw new BadRequestError('Send the image as multipart/form-data in a part named "image"', { field: "image" });
  }
  const form = await request.formData().catch(() => {
    throw new BadRequestError("The multipart body could not be read", { field: "image" });
  });
  const part = form.get("image");
  if (!(part instanceof Blob)) {
    throw new BadRequestError('Send the image as multipart/form-data in a part named "image"', { field: "image" });
  }
  if (part.size > MAX_IMAGE_BYTES) throw new ImageTooLargeError();
  return new Uint8Array(await part.arrayBuffer());
}
