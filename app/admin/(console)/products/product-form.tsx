"use client";

import { useRouter } from "next/navigation";
import { cloneElement, useEffect, useRef, useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { MAX_IMAGE_BYTES } from "@/lib/catalog/image-errors";
import { productFormProblems, type ProductFormValues } from "@/lib/catalog/product-form-problems";
import type { FieldProblem, ProductField } from "@/lib/catalog/product-rules";
import { sniffImageType } from "@/lib/catalog/sniff-image-type";

type T = AdminMessages["products"];
type Field = ProductField | "image" | "form";
type Errors = Partial<Record<Field, string>>;

interface ProductFormProduct extends ProductFormValues {
  id: string;
  active: boolean;
  imageUrl: string | null;
}

interface ErrorBody {
  error?: { code: string; message: string; details?: { path?: string; message: string; field?: string } | unknown };
}

function problemText(t: T, field: ProductField, problem: FieldProblem): string {
  if (field === "price" && problem === "FORMAT") return t.priceFormat;
  if (field === "sku" && problem === "FORMAT") return t.skuFormat;
  if (field === "sortOrder") return t.sortFormat;
  return t.problems[problem] ?? problem;
}

/** The server's refusal, by field: zod details carry `path`, domain errors `details.field`. */
function serverErrors(t: T, body: ErrorBody | null, status: number): Errors {
  const e = body?.error;
  if (!e) return { form: `HTTP ${status}` };
  if (e.code === "SKU_TAKEN") return { sku: t.skuTaken };
  if (e.code === "IMAGE_TOO_LARGE") return { image: t.imageTooLarge };
  if (e.code === "UNSUPPORTED_IMAGE_TYPE") return { image: t.imageType };
  if (Array.isArray(e.details)) {
    const out: Errors = {};
    for (const d of e.details as { path?: string; message: string }[]) out[(d.path || "form") as Field] = d.message;
    return out;
  }
  return { form: `${e.code}: ${e.message}` };
}

export function ProductForm({ t, product }: { t: T; product?: ProductFormProduct }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [picked, setPicked] = useState<{ file: File; url: string } | null>(null);
  const file = picked?.file ?? null;
  const preview = picked?.url ?? null;
  const setFile = (f: File | null) =>
    setPicked((old) => {
      if (old) URL.revokeObjectURL(old.url);
      return f ? { file: f, url: URL.createObjectURL(f) } : null;
    });

  useEffect(() => {
    const first = Object.keys(errors)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [errors]);

  async function pickFile(e: React.ChangeEvent<HTMLInputElement>) {
    const f = e.currentTarget.files?.[0] ?? null;
    setSaved(false);
    setErrors(({ image: _drop, ...rest }) => rest);
    if (!f) return setFile(null);
    if (f.size > MAX_IMAGE_BYTES) {
      e.currentTarget.value = "";
      setFile(null);
      return setErrors((x) => ({ ...x, image: t.imageTooLarge }));
    }
    const head = new Uint8Array(await f.slice(0, 16).arrayBuffer());
    if (!sniffImageType(head)) {
      e.currentTarget.value = "";
      setFile(null);
      return setErrors((x) => ({ ...x, image: t.imageType }));
    }
    setFile(f);
  }

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const str = (k: string) => String(form.get(k) ?? "");
    const values: ProductFormValues = {
      name: str("name"),
      nameEn: str("nameEn"),
      description: str("description"),
      descriptionEn: str("descriptionEn"),
      price: str("price"),
      sortOrder: str("sortOrder"),
      sku: str("sku"),
    };
    setSaved(false);
    const problems = productFormProblems(values);
    const local: Errors = {};
    for (const [f, p] of Object.entries(problems)) local[f as ProductField] = problemText(t, f as ProductField, p);
    if (Object.keys(local).length > 0) return setErrors(local);

    setBusy(true);
    setErrors({});
    try {
      const body = {
        ...values,
        sortOrder: values.sortOrder.trim() === "" ? 0 : Number(values.sortOrder),
        active: form.get("active") === "on",
        ...(values.sku.trim() === "" ? { sku: undefined } : {}),
      };
      const res = await fetch(product ? `/api/v1/admin/products/${product.id}` : "/api/v1/admin/products", {
        method: product ? "PATCH" : "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as (ErrorBody & { product?: { id: string } }) | null;
      if (!res.ok || !json?.product) return setErrors(serverErrors(t, json, res.status));
      const id = json.product.id;
      if (file) {
        const upload = new FormData();
        upload.set("image", file);
        const r = await fetch(`/api/v1/admin/products/${id}/image`, { method: "POST", body: upload });
        if (!r.ok) {
          setErrors(serverErrors(t, (await r.json().catch(() => null)) as ErrorBody | null, r.status));
          if (!product) router.push(`/admin/products/${id}`);
          return;
        }
        setFile(null);
      }
      if (!product) return router.push("/admin/products");
      setSaved(true);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  async function removeImage() {
    if (!product) return;
    setBusy(true);
    const r = await fetch(`/api/v1/admin/products/${product.id}/image`, { method: "DELETE" });
    setBusy(false);
    if (!r.ok) return setErrors(serverErrors(t, (await r.json().catch(() => null)) as ErrorBody | null, r.status));
    router.refresh();
  }

  const field = (name: ProductField, label: string, input: React.ReactElement<Record<string, unknown>>) => {
    const err = errors[name];
    const props = {
      id: `pf-${name}`,
      name,
      "aria-invalid": err ? true : undefined,
      "aria-describedby": err ? `pf-${name}-error` : undefined,
    };
    return (
      <div className={`field ${name.startsWith("description") ? "wide" : ""}`}>
        <label htmlFor={props.id}>{label}</label>
        {cloneElement(input, props)}
        {err && (
          <span className="field-error" id={`pf-${name}-error`} data-testid={`error-${name}`}>
            {err}
          </span>
        )}
      </div>
    );
  };

  const shown = preview ?? product?.imageUrl ?? null;
  return (
    <form ref={formRef} onSubmit={submit} className="product-form" noValidate>
      {field("name", t.name, <input defaultValue={product?.name} autoComplete="off" />)}
      {field("nameEn", t.nameEn, <input defaultValue={product?.nameEn} autoComplete="off" />)}
      {field("description", t.description, <textarea defaultValue={product?.description} rows={3} />)}
      {field("descriptionEn", t.descriptionEn, <textarea defaultValue={product?.descriptionEn} rows={3} />)}
      {field("price", t.price, <input defaultValue={product?.price} inputMode="decimal" placeholder="12.34" />)}
      {field("sortOrder", t.sortOrder, <input defaultValue={product?.sortOrder ?? "0"} inputMode="numeric" />)}
      {field("sku", t.sku, <input defaultValue={product?.sku} autoComplete="off" className="mono" />)}
      <div className="field">
        <span>{t.status}</span>
        <label className="check">
          <input type="checkbox" name="active" defaultChecked={product?.active ?? true} />
          {t.active}
        </label>
      </div>
      <div className="field wide">
        <label htmlFor="pf-image">{t.image}</label>
        <div className="image-edit">
          {shown ? (
            // eslint-disable-next-line @next/next/no-img-element -- a local blob or our own content-addressed URL
            <img className="image-preview" src={shown} width={120} height={120} alt={t.image} data-testid="preview" />
          ) : (
            <span className="image-preview product-thumb empty">{t.noImage}</span>
          )}
          <div>
            <input
              id="pf-image"
              name="image"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={pickFile}
              aria-invalid={errors.image ? true : undefined}
              aria-describedby="pf-image-hint"
            />
            <p className="small muted" id="pf-image-hint">
              {t.imageHint}
            </p>
            {product?.imageUrl && !preview && (
              <button type="button" className="linkish small" onClick={removeImage} disabled={busy}>
                {t.removeImage}
              </button>
            )}
          </div>
        </div>
        {errors.image && (
          <span className="field-error" data-testid="error-image" role="alert">
            {errors.image}
          </span>
        )}
      </div>
      <div className="actions wide">
        <button className="btn small" type="submit" disabled={busy}>
          {busy ? t.saving : product ? t.save : t.create}
        </button>
        {Object.keys(errors).length > 0 && (
          <span className="error" role="alert">
            {errors.form ?? t.fixErrors}
          </span>
        )}
        {saved && (
          <span className="small" role="status">
            {t.saved}
          </span>
        )}
      </div>
    </form>
  );
}
