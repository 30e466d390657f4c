import { NotBuiltYet } from '../components/NotBuiltYet.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function DatasetScreen() {
  return (
    <>
      <PageHeader title="Dataset" description="The training examples built from the entries you included." />
      <NotBuiltYet
        plans={[
          'Build training, validation and test files from included entries, with redactions applied.',
          'Show how many examples and tokens each split holds before you train.',
          'Preview examples exactly as the model will see them.',
        ]}
      />
    </>
  );
}
