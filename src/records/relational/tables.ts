// The tables of a relational mapping, in a module of its own: commands that only name the files start without the
// CSV reader and the assembler.
import type { ChildMapping, RelationalMapping, TableMapping } from '../load-mapping.js';

/** Every table of a mapping: the root, then each child after its parent. */
export function tablesOf(mapping: RelationalMapping): (TableMapping | ChildMapping)[] {
  return [mapping.root, ...mapping.children];
}
