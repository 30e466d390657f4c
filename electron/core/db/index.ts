export { openDatabase, backupDatabase, type Db } from './open.ts';
export { migrate, currentSchemaVersion, latestVersion, type Migration } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export { entryDaySql } from './entry-day.ts';
