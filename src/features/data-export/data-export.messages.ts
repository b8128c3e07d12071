import type { FeatureMessages } from '../define.ts';

/** English messages of the community export. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'data-export.command.export': 'Export the whole community’s data (admins): every table as CSV and JSON, zipped',
  'data-export.file':
    'The community’s data, every table as CSV and JSON with its manifest, is in the attached file {file}: {summary}. Unzip it into the folder {folder} and run {command} to restore it into an empty database.',
  'data-export.summary.one': '{count} row',
  'data-export.summary.other': '{count} rows',
  'data-export.tooLarge':
    'The export is {size} MiB, more than the {limit} MiB a file sent in chat may be ({summary}). On the server Foyer runs on, run {command} instead: it writes the same export into that folder.',
  'data-export.noFiles':
    'This platform cannot receive files from Foyer. On the server Foyer runs on, run {command}: it writes the export into that folder.',
} as const;

export type DataExportMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<DataExportMessageKey, string> = {
  'data-export.command.export':
    'Exporter toutes les données de la communauté (admins) : chaque table en CSV et en JSON, compressées',
  'data-export.file':
    'Les données de la communauté, chaque table en CSV et en JSON avec son manifeste, sont dans le fichier joint {file} : {summary}. Décompressez-le dans le dossier {folder} et lancez {command} pour les restaurer dans une base vide.',
  'data-export.summary.one': '{count} ligne',
  'data-export.summary.other': '{count} lignes',
  'data-export.tooLarge':
    'L’export fait {size} Mio, plus que les {limit} Mio permis pour un fichier envoyé dans la discussion ({summary}). Sur le serveur où tourne Foyer, lancez plutôt {command} : la même exportation est écrite dans ce dossier.',
  'data-export.noFiles':
    'Cette plateforme ne peut pas recevoir de fichiers de Foyer. Sur le serveur où tourne Foyer, lancez {command} : l’export est écrit dans ce dossier.',
};

export const dataExportMessages: FeatureMessages<DataExportMessageKey> = { en, fr };
