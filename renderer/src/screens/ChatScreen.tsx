import { NotBuiltYet } from '../components/NotBuiltYet.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

export function ChatScreen() {
  return (
    <>
      <PageHeader title="Chat" description="Talk with the model trained on your writing, fully offline." />
      <NotBuiltYet
        plans={[
          'Chat with a model you trained, on your computer with no network connection.',
          'Keep conversations in your data folder, and delete them when you like.',
        ]}
      />
    </>
  );
}
