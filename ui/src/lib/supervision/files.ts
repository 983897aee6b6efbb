/**
 * Files a person picks (proof of a delivery, records of talks with a buyer) as the backend
 * takes them: a name and the bytes in base64. Checking what they are is the core's job.
 */
import type { Upload } from '../api';

/** Reads one picked file. */
export async function toUpload(file: File): Promise<Upload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return { name: file.name, content_base64: btoa(binary) };
}

/** Reads every picked file, in order. */
export function toUploads(files: Iterable<File>): Promise<Upload[]> {
  return Promise.all(Array.from(files, toUpload));
}
