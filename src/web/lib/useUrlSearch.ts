import { useDebouncedCallback } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list page's search box kept in the URL (`?q=`), written 300 ms after typing stops and resetting the
 * page number. If the person has already left the list (opened a row) when the delay ends, the URL is
 * left alone, so the pending search never pulls them back to the list.
 */
export function useUrlSearch(): [text: string, change: (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const listPath = useRef(window.location.pathname);
  const push = useDebouncedCallback((value: string) => {
    if (window.location.pathname !== listPath.current) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('q', value);
        else next.delete('q');
        next.delete('trang');
        return next;
      },
      { replace: true },
    );
  }, 300);
  return [
    text,
    (value: string) => {
      setText(value);
      push(value.trim());
    },
  ];
}
