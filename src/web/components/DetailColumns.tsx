// The body of a record's detail page: the main column and a side column on a wide screen; on a phone one column with
// the actions in a bar stuck to the bottom (the page header then shows none).
import { Grid, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useIsPhone } from './common';

export function DetailColumns({ main, side, actions }: { main: ReactNode; side: ReactNode; actions: ReactNode }) {
  const phone = useIsPhone();
  if (phone)
    return (
      <Stack gap="md">
        {main}
        {side}
        <Group gap="xs" className="lt-sticky-actions" grow>
          {actions}
        </Group>
      </Stack>
    );
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 8 }}>{main}</Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>{side}</Grid.Col>
    </Grid>
  );
}
