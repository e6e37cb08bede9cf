/** Where a stored image is served: content-addressed, so the URL changes when the bytes do. */
export const productImageUrl = (sha256: string) => `/api/v1/product-images/${sha256}`;
