import { NotBuiltYet } from '../components/NotBuiltYet.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function ReviewScreen() {
  return (
    <>
      <PageHeader title="Review" description="Decide what your model may learn from, entry by entry." />
      <NotBuiltYet
        plans={[
          'Include or exclude each entry, or whole folders, tags and date ranges at once.',
          'See personal details found in your text (names, addresses, phone numbers) and choose to keep or redact each one.',
          'Keep every decision: edits and renames of your files never reset them.',
        ]}
      />
    </>
  );
}
