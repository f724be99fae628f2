// One dialog for uploading an image with its description (alt text, required) and caption: article images, cover
// images and the photos of a good model. The caller supplies the upload; the dialog checks the fields first.
import { FileInput, Textarea, TextInput } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ModalForm } from './ModalForm';

export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp';

export interface ImageUploadValues {
  file: File;
  alt: string;
  caption: string;
}

export function ImageUploadDialog({
  opened,
  onClose,
  upload,
  title,
  altExample,
  captionDescription,
}: {
  opened: boolean;
  onClose: () => void;
  /** Sends the checked values (alt and caption trimmed); a thrown error is shown in the dialog, which stays open. */
  upload: (values: ImageUploadValues) => Promise<void>;
  title: string;
  /** An example description, shown as «…» in the field's help text. */
  altExample: string;
  captionDescription?: string;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [errors, setErrors] = useState<{ file?: string; alt?: string }>({});

  useEffect(() => {
    if (!opened) return;
    setFile(null);
    setAlt('');
    setCaption('');
    setErrors({});
  }, [opened]);

  const submit = async () => {
    const found: { file?: string; alt?: string } = {};
    if (!file) found.file = 'Hãy chọn một ảnh (JPEG, PNG hoặc WebP).';
    if (!alt.trim()) found.alt = 'Hãy mô tả ảnh cho người khiếm thị và công cụ tìm kiếm (bắt buộc).';
    setErrors(found);
    if (found.file || found.alt || !file) return false;
    await upload({ file, alt: alt.trim(), caption: caption.trim() });
    return true;
  };

  return (
    <ModalForm opened={opened} onClose={onClose} title={title} confirm="Tải ảnh lên" size="lg" confirmIcon={<IconUpload size={18} />} onSubmit={submit}>
      <FileInput
        label="Ảnh"
        description="JPEG, PNG hoặc WebP, rộng từ 200 điểm ảnh. Máy chủ tự thu nhỏ cho điện thoại và máy tính."
        placeholder="Chọn ảnh từ máy"
        accept={IMAGE_ACCEPT}
        leftSection={<IconUpload size={18} aria-hidden />}
        value={file}
        onChange={setFile}
        error={errors.file}
        required
        clearable
      />
      <TextInput
        label="Mô tả ảnh (văn bản thay thế)"
        description={`Tả ngắn nội dung ảnh, ví dụ: «${altExample}».`}
        value={alt}
        onChange={(e) => setAlt(e.currentTarget.value)}
        error={errors.alt}
        required
        maxLength={500}
      />
      <Textarea
        label="Chú thích ảnh"
        description={captionDescription}
        autosize
        minRows={2}
        value={caption}
        onChange={(e) => setCaption(e.currentTarget.value)}
        maxLength={1000}
      />
    </ModalForm>
  );
}
