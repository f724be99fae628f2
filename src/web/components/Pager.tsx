// Paging for server lists, labelled in Vietnamese; hidden when everything fits on one page.
import { Group, Pagination } from '@mantine/core';
import { useIsPhone } from './common';

export function Pager({
  total,
  pageSize,
  page,
  onChange,
}: {
  total: number;
  pageSize: number;
  page: number;
  onChange: (page: number) => void;
}) {
  const phone = useIsPhone();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <Group justify="center">
      <Pagination
        total={pages}
        value={Math.min(page, pages)}
        onChange={onChange}
        siblings={phone ? 0 : 1}
        getControlProps={(control) => ({
          'aria-label':
            control === 'next'
              ? 'Trang sau'
              : control === 'previous'
                ? 'Trang trước'
                : control === 'first'
                  ? 'Trang đầu'
                  : 'Trang cuối',
        })}
        getItemProps={(p) => ({ 'aria-label': `Trang ${p}` })}
      />
    </Group>
  );
}
