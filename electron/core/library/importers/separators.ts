/** Table cells on one line, apart: a pipe would read as markup, a tab as nothing at all. */
export const cellSeparatorText = ' · ';
