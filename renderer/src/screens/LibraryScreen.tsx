import { NotBuiltYet } from '../components/NotBuiltYet.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function LibraryScreen() {
  return (
    <>
      <PageHeader title="Library" description="The folders of notes and journals Confidant reads, and the entries found in them." />
      <NotBuiltYet
        plans={[
          'Pick folders of notes and journals: Markdown and Obsidian vaults, plain text diaries, Day One exports, Jupyter notebooks.',
          'Index them into a local database and keep it up to date while you write, without ever changing your files.',
          'Browse and search every entry by text, tag and date.',
        ]}
      />
    </>
  );
}
