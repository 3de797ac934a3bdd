// Builds an operation's documented example request (path, query, headers, body) from the contract, so tests
// and the property checks can call any deployment with exactly what the docs show.
import type { Operation } from './contract.ts';

export interface ExampleRequest {
  url: string;
  init: RequestInit;
}

export function exampleRequest(
  baseUrl: string,
  method: string,
  path: string,
  operation: Operation,
  headers: Record<string, string>,
): ExampleRequest {
  let resolved = path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    const value =
      parameter.example ??
      Object.values(parameter.examples ?? {})[0]?.value ??
      (parameter.schema as { example?: unknown } | undefined)?.example;
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (parameter.in === 'path') resolved = resolved.replace(`{${parameter.name}}`, encodeURIComponent(text));
    if (parameter.in === 'query' && parameter.required) query.set(parameter.name, text);
  }
  const media = operation.requestBody?.content['application/json'];
  const body = media ? (Object.values(media.examples ?? {})[0]?.value ?? media.example) : undefined;
  const search = query.toString();
  return {
    url: `${baseUrl}${resolved}${search ? `?${search}` : ''}`,
    init: {
      method: method.toUpperCase(),
      redirect: 'manual',
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
  };
}
