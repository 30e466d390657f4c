import { NotBuiltYet } from '../components/NotBuiltYet.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function ModelsScreen() {
  return (
    <>
      <PageHeader title="Models" description="The adapters and model files you have trained." />
      <NotBuiltYet
        plans={[
          'List trained adapters with their evaluation results.',
          'Merge an adapter, convert it to GGUF and quantize it for fast chat on your computer.',
          'Delete models you no longer need.',
        ]}
      />
    </>
  );
}
