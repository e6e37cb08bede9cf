import { AppError } from "@/lib/errors/app-error";

/** 2 MiB, the database's CHECK on product_images.size. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export class ImageTooLargeError extends AppError {
  readonly code = "IMAGE_TOO_LARGE";
  readonly status = 413;
  constructor() {
    super("The image must be at most 2 MiB", { field: "image", maxBytes: MAX_IMAGE_BYTES });
  }
}

export class UnsupportedImageError extends AppError {
  readonly code = "UNSUPPORTED_IMAGE_TYPE";
  readonly status = 415;
  constructor() {
    super("The image must be a PNG, JPEG or WebP file", { field: "image" });
  }
}
