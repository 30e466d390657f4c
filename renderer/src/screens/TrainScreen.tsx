import { NotBuiltYet } from '../components/NotBuiltYet.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function TrainScreen() {
  return (
    <>
      <PageHeader title="Train" description="Fine-tune a model on your dataset with your own NVIDIA GPU." />
      <NotBuiltYet
        plans={[
          'Check your GPU, its free memory and the Python trainer before starting.',
          'Fine-tune Mistral 7B with QLoRA and follow loss, speed and time left as it runs.',
          'Cancel or resume a run; a closed window loses no progress.',
        ]}
      />
    </>
  );
}
