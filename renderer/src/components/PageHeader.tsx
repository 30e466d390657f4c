import { useEffect, useRef, type ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  description: ReactNode;
  /** Buttons shown at the right of the title (Refresh, say). */
  actions?: ReactNode;
}

/**
 * The title of a screen. The heading takes focus when the screen opens, so keyboard and
 * screen-reader users land on the new content instead of staying in the sidebar.
 */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <header className="page-header">
      <div>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p className="page-description">{description}</p>
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
