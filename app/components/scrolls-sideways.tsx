// A table or chart wider than the screen scrolls within its box. While it does, the keyboard can
// reach the box to scroll it, and a screen reader is told what the box holds; a box that fits
// adds no tab stop.
import { useEffect, useRef, useState, type ReactNode } from "react";

export function ScrollsSideways({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current!;
    const check = () => setScrolls(element.scrollWidth > element.clientWidth);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const focusable = scrolls
    ? ({ tabIndex: 0, role: "region", "aria-label": `${label} (scrolls sideways)` } as const)
    : {};
  return (
    <div ref={ref} className={`overflow-x-auto ${className}`} {...focusable}>
      {children}
    </div>
  );
}
