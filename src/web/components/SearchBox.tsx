import { ActionIcon, TextInput } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';

/** The list pages' search field: a search icon, and a button that clears it once something is typed. */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder?: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={18} aria-hidden />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSection={
        value ? (
          <ActionIcon variant="subtle" color="gray" aria-label="Xóa tìm kiếm" onClick={() => onChange('')}>
            <IconX size={16} />
          </ActionIcon>
        ) : null
      }
    />
  );
}
