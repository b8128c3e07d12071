export { createCommunityArchive } from './archive.ts';
export { exportDatabase, type ExportOptions, type ExportSummary } from './export.ts';
export { importExport, ImportRefused, readManifest, verifyFiles, type ImportSummary } from './import.ts';
export { FORMAT_VERSION, MANIFEST, type Manifest } from './format.ts';
export { openForExport, importIntoDatabase } from './open.ts';
