import type { ReactNode } from 'react';

interface NotBuiltYetProps {
  /** What the screen will let the person do, one line each. */
  plans: ReactNode[];
}

/** Says plainly that a screen is planned but not working yet, so nothing pretends to work. */
export function NotBuiltYet({ plans }: NotBuiltYetProps) {
  return (
    <section className="card not-built" aria-labelledby="not-built-title">
      <p className="badge badge-muted">Not built yet</p>
      <h2 id="not-built-title">What this screen will do</h2>
      <ul className="plan-list">
        {plans.map((plan, index) => (
          <li key={index}>{plan}</li>
        ))}
      </ul>
      <p className="muted">
        This part of Confidant is not available in this version. Nothing here reads, changes or sends your data.
      </p>
    </section>
  );
}
