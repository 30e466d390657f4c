/**
 * Messages from the core quote commands in backticks (`confidant trainer setup`); show those as
 * code so the command is easy to spot and copy, and the rest as plain text.
 */
export function TextWithCode({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves one unpaired: keep it literal rather than guess.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>;
}
