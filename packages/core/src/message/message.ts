import { z } from 'zod';

/** Where a product search came from, for the admin's top and zero-result lists. */
export const SEARCH_SOURCES = ['chat', 'h5', 'admin'] as const;
export const SearchSourceSchema = z.enum(SEARCH_SOURCES);
export type SearchSource = z.infer<typeof SearchSourceSchema>;
