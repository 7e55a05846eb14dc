// Test helper (named *.test.ts so it is never shipped): where the shared benchmark CSVs live.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function sharedDatasetsDir(): string {
  const near = resolve('../shared/datasets');
  return existsSync(near) ? near : '/work/shared/datasets';
}

export function sharedDataset(name: string): string {
  return join(sharedDatasetsDir(), name);
}

export const SHARED_CSVS = ['iris', 'wine', 'breast_cancer', 'digits', 'faithful', 'penguins', 'sixparam'] as const;
