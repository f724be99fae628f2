// Two-step .xlsx import: check the file (dry run), show row errors, then import for real.
import { Alert, Anchor, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { IconCircleCheck, IconDownload, IconFileSpreadsheet } from '@tabler/icons-react';
import { useState } from 'react';
import { api, isApiError } from '../lib/api';
import type { ImportResult, ImportRowError } from '../lib/types';
import { AppModal, ErrorAlert } from './common';

const MAX_BYTES = 5 * 1024 * 1024;

export function ImportModal({
  opened,
  onClose,
  title,
  endpoint,
  templateUrl,
  what,
  summarize,
  onImported,
  checkFirst = true,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  endpoint: string;
  templateUrl: string;
  /** Plural noun for messages, e.g. "đơn vị", "người dùng". */
  what: string;
  /** What the file brings, for imports that only create (e.g. "3 báo cáo hoạt động"); default: created/updated counts. */
  summarize?: (result: ImportResult) => string;
  onImported: () => void;
  /** false: the endpoint has no `dryRun` check; one all-or-nothing import step. */
  checkFirst?: boolean;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={title} size="xl">
      {opened ? (
        <ImportBody
          opened={opened}
          onClose={onClose}
          title={title}
          endpoint={endpoint}
          templateUrl={templateUrl}
          what={what}
          summarize={summarize}
          onImported={onImported}
          checkFirst={checkFirst}
        />
      ) : null}
    </AppModal>
  );
}

function ImportBody({
  onClose,
  endpoint,
  templateUrl,
  what,
  summarize,
  onImported,
  checkFirst,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  endpoint: string;
  templateUrl: string;
  /** Plural noun for messages, e.g. "đơn vị", "người dùng". */
  what: string;
  summarize?: (result: ImportResult) => string;
  onImported: () => void;
  checkFirst: boolean;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportRowError[] | null>(null);

  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('no file');
      return api.upload<ImportResult>(endpoint, file, checkFirst ? { dryRun } : undefined);
    },
    onSuccess: (result, dryRun) => {
      if (result.errors && result.errors.length > 0) {
        setRowErrors(result.errors);
        setChecked(null);
        return;
      }
      if (dryRun) {
        setChecked(result);
        setRowErrors(null);
      } else {
        notifications.show({
          color: 'green',
          title: 'Đã nhập dữ liệu',
          message: summarize ? `Đã nhập ${summarize(result)}.` : `Thêm mới ${result.created}, cập nhật ${result.updated} ${what}.`,
        });
        onImported();
        onClose();
      }
    },
    onError: (err) => {
      if (isApiError(err, 'import_invalid') && Array.isArray(err.details)) {
        // Some imports name the column `column` rather than `field`.
        setRowErrors((err.details as (ImportRowError & { column?: string })[]).map((e) => ({ ...e, field: e.field ?? e.column ?? '' })));
        setChecked(null);
      }
    },
  });

  const pick = (f: File | null) => {
    setFile(f);
    setChecked(null);
    setRowErrors(null);
    run.reset();
    if (f && !f.name.toLowerCase().endsWith('.xlsx')) setFileError('Hãy chọn tệp Excel có đuôi .xlsx.');
    else if (f && f.size > MAX_BYTES) setFileError('Tệp lớn hơn 5 MB. Hãy chia nhỏ tệp rồi nhập từng phần.');
    else setFileError(null);
  };

  const otherError = run.error && !(isApiError(run.error, 'import_invalid') && rowErrors) ? run.error : null;

  return (
    <Stack gap="md">
      <Text size="sm">
        Bước 1: tải{' '}
        <Anchor href={templateUrl} download>
          tệp mẫu
        </Anchor>{' '}
        và điền dữ liệu.{' '}
        {checkFirst
          ? 'Bước 2: chọn tệp và bấm “Kiểm tra tệp”. Bước 3: nếu không có lỗi, bấm “Nhập dữ liệu”.'
          : 'Bước 2: chọn tệp và bấm “Nhập dữ liệu”.'}{' '}
        Không dòng nào được ghi nếu tệp còn lỗi.
      </Text>
      <FileInput
        label="Tệp Excel (.xlsx)"
        placeholder="Chọn tệp"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        leftSection={<IconFileSpreadsheet size={18} aria-hidden />}
        value={file}
        onChange={pick}
        error={fileError}
        clearable
      />
      {otherError ? <ErrorAlert error={otherError} title="Không nhập được" /> : null}
      {rowErrors ? (
        <Stack gap="xs">
          <Alert color="red" variant="light" title={`Tệp có ${rowErrors.length} lỗi`} role="alert">
            Hãy sửa các dòng dưới đây trong tệp rồi chọn lại tệp. Chưa có dữ liệu nào được ghi.
          </Alert>
          <div className="lt-table-scroll" style={{ maxHeight: 320 }}>
            <Table striped verticalSpacing={6} miw={420}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Dòng</Table.Th>
                  <Table.Th>Trường</Table.Th>
                  <Table.Th>Lỗi</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rowErrors.map((e) => (
                  <Table.Tr key={`${e.row}-${e.field}-${e.message}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.field}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Stack>
      ) : null}
      {checked ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title="Tệp hợp lệ">
          {summarize ? `Sẽ nhập ${summarize(checked)}.` : `Sẽ thêm mới ${checked.created} và cập nhật ${checked.updated} ${what}.`} Bấm “Nhập dữ liệu” để ghi.
        </Alert>
      ) : null}
      <Group justify="space-between" className="lt-sticky-actions">
        <Button component="a" href={templateUrl} download variant="subtle" leftSection={<IconDownload size={16} />}>
          Tải tệp mẫu
        </Button>
        <Group gap="xs">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          {checked || !checkFirst ? (
            <Button disabled={!file || !!fileError} loading={run.isPending} onClick={() => run.mutate(false)}>
              Nhập dữ liệu
            </Button>
          ) : (
            <Button disabled={!file || !!fileError} loading={run.isPending} onClick={() => run.mutate(true)}>
              Kiểm tra tệp
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
