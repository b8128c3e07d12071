// ESLint flat config. Besides the recommended rules, it enforces the boundaries from
// docs/architecture.md: a platform SDK is imported only by its adapter folder, drizzle and
// better-sqlite3 only by src/storage/ (and by tests and benchmarks), and features never
// import adapters.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const CODE = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

/** Packages that only one part of the code base may import. */
const SDK = {
  discord: {
    regex: '^(discord\\.js|@discordjs/[^/]+)(/.*)?$',
    message: 'discord.js is imported only under src/adapters/discord/.',
  },
  matrix: {
    regex: '^(matrix-js-sdk|@matrix-org/[^/]+)(/.*)?$',
    message: 'matrix-js-sdk is imported only under src/adapters/matrix/.',
  },
  email: {
    regex: '^nodemailer(/.*)?$',
    message: 'nodemailer is imported only under src/adapters/email/ (features send mail through the Mailer port).',
  },
  storage: {
    regex: '^(drizzle-orm|better-sqlite3)(/.*)?$',
    message: 'drizzle-orm and better-sqlite3 are imported only under src/storage/ (features get a repository through their context).',
  },
};

/** From src/features/**, any relative path that climbs up into src/adapters/. */
const ADAPTERS_FROM_FEATURES = {
  regex: '^(\\.\\./)+(src/)?adapters(/.*)?$',
  message: 'Features never import adapters: declare the ports you need and receive them through the feature context.',
};

/** From src/features/**: storage, the composed config schema and loader, adapters. */
const STORAGE_FROM_FEATURES = {
  regex: '^(\\.\\./)+(src/)?storage(/.*)?$',
  message: 'Features never import storage: declare a store interface in your folder (FeatureStores) and receive it through the context.',
};
const CONFIG_FROM_FEATURES = {
  regex: '^(\\.\\./)+(src/)?config/(?!settings\\.ts$).*$',
  message: 'Features import only src/config/settings.ts (the setting kinds): the schema is composed from the features, not the other way round.',
};
/** From inside one feature's folder, any other feature's folder. */
const OTHER_FEATURES = {
  regex: '^\\.\\./[^./][^/]*/.*$',
  message: 'A feature never imports another feature: share through core (a port, a service, SettingsView.sharedChannel).',
};

/** From any adapter: another platform's folder, storage, and features (adapters know no feature). */
const FEATURES_FROM_ADAPTERS = {
  regex: '^(\\.\\./)+(src/)?features(/.*)?$',
  message: 'Adapters know no feature: features declare what they need through core (ports, command declarations).',
};

/**
 * The boundary rules for one folder: static imports and re-exports through
 * no-restricted-imports, dynamic `import('…')` through no-restricted-syntax.
 */
function boundaries(files, restricted) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: restricted.map(({ regex, message }) => ({ regex, message })) }],
      'no-restricted-syntax': [
        'error',
        ...restricted.map(({ regex, message }) => ({
          selector: `ImportExpression[source.type='Literal'][source.value=/${regex.replaceAll('/', '\\/')}/]`,
          message,
        })),
      ],
    },
  };
}

export default defineConfig([
  globalIgnores(['node_modules/', 'data/', 'coverage/', 'src/storage/migrations/']),

  {
    files: CODE,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },

  // Boundaries, most general first: a later block replaces the rule for its folder.
  boundaries(CODE, [SDK.discord, SDK.matrix, SDK.email, SDK.storage]),
  boundaries(['src/adapters/discord/**/*.ts'], [SDK.matrix, SDK.email, SDK.storage, FEATURES_FROM_ADAPTERS]),
  boundaries(['src/adapters/matrix/**/*.ts'], [SDK.discord, SDK.email, SDK.storage, FEATURES_FROM_ADAPTERS]),
  boundaries(['src/adapters/console/**/*.ts'], [SDK.discord, SDK.matrix, SDK.email, SDK.storage, FEATURES_FROM_ADAPTERS]),
  boundaries(['src/adapters/email/**/*.ts'], [SDK.discord, SDK.matrix, SDK.storage, FEATURES_FROM_ADAPTERS]),
  boundaries(['src/storage/**/*.ts'], [SDK.discord, SDK.matrix, SDK.email]),
  boundaries(['src/features/*.ts'], [SDK.discord, SDK.matrix, SDK.email, SDK.storage, ADAPTERS_FROM_FEATURES, STORAGE_FROM_FEATURES, CONFIG_FROM_FEATURES]),
  // Inside one feature's folder, another feature's folder is out of bounds too.
  boundaries(['src/features/*/**/*.ts'], [
    SDK.discord,
    SDK.matrix,
    SDK.email,
    SDK.storage,
    ADAPTERS_FROM_FEATURES,
    STORAGE_FROM_FEATURES,
    CONFIG_FROM_FEATURES,
    OTHER_FEATURES,
  ]),
  // Tests and benchmarks may open a database directly (test databases, baselines).
  boundaries(['test/**/*.ts', 'bench/**/*.ts'], [SDK.discord, SDK.matrix, SDK.email]),
  // The Discord adapter's tests run the real discord.js client, the Matrix adapter's tests
  // the real matrix-js-sdk; benchmarks measure both against their baselines.
  boundaries(['test/adapters/discord/**/*.ts', 'test/support/fake-discord/**/*.ts'], [SDK.matrix, SDK.email]),
  boundaries(['test/adapters/matrix/**/*.ts', 'test/support/synapse/**/*.ts'], [SDK.discord, SDK.email]),
  { files: ['bench/**/*.ts'], rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' } },
]);
