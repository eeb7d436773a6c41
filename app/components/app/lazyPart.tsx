/**
 * A part of the page whose code loads on first use (`import()`), not with the first
 * screen: the side tabs other than the first, the lesson card, the comparison. The first
 * load stays small (issue 12: at most 150 kB gzip of JavaScript; the build prints it).
 * While the code arrives, the part says so; if it cannot arrive (offline before the
 * service worker had stored the site, or an old page after a deploy), it says that and
 * what to do, instead of the whole page going blank.
 */
import { lazy, Suspense, type ComponentType } from 'react';

/** The small labelled state shown while a part's code loads. */
function PartLoading(props: { label: string }) {
  return (
    <p className="part-loading hint" role="status">
      Loading {props.label}…
    </p>
  );
}

function PartFailed(props: { label: string }) {
  return (
    <p className="part-loading hint" role="alert">
      Could not load {props.label}: check the connection, then reload the page.
    </p>
  );
}

/**
 * A component that renders the one `load` resolves to, loading its code the first time
 * it is rendered. `label` names the part in the loading and failure messages.
 */
export function lazyPart<P extends object = object>(
  label: string,
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  const failed: ComponentType<P> = () => <PartFailed label={label} />;
  const Loaded = lazy(() =>
    load().then(
      (component) => ({ default: component }),
      () => ({ default: failed }),
    ),
  );
  function LazyPart(props: P) {
    return (
      <Suspense fallback={<PartLoading label={label} />}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  LazyPart.displayName = `Lazy(${label})`;
  return LazyPart;
}
