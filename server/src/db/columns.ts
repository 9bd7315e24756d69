import { customType, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree: the materialised path of a unit in the organisation tree (see ARCHITECTURE.md). */
export const ltree = customType<{ data: string }>({ dataType: () => 'ltree' });

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const createdAt = () => timestamp('created_at', { withTimezone: true }).defaultNow().notNull();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .defaultNow()
    .notNull()
    .$onUpdate(() => new Date());
