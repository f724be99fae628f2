// Mantine theme: the Front's emblem colours (deep red, warm gold, deep blue) on warm grey; Be Vietnam Pro.
import {
  ActionIcon,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Card,
  createTheme,
  type MantineColorsTuple,
  Modal,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Textarea,
  TextInput,
  FileInput,
} from '@mantine/core';

const frontRed: MantineColorsTuple = [
  '#fdeceb',
  '#f8d5d2',
  '#f0aaa4',
  '#e77b72',
  '#de5449',
  '#d63b30',
  '#c62e24',
  '#b3261e',
  '#951f19',
  '#771813',
];

const gold: MantineColorsTuple = [
  '#fff8e1',
  '#ffefc2',
  '#fde08c',
  '#f9d05a',
  '#f4c236',
  '#e8b01f',
  '#d19a14',
  '#b07f0d',
  '#8d650a',
  '#6d4e07',
];

const frontBlue: MantineColorsTuple = [
  '#e9f0fb',
  '#cfdcf2',
  '#a0b9e4',
  '#6e94d5',
  '#4776c8',
  '#2f63bf',
  '#2453a6',
  '#1c4690',
  '#163976',
  '#0f2b5b',
];

// Warm greys replace Mantine's cool greys.
const gray: MantineColorsTuple = [
  '#f7f5f2',
  '#efece7',
  '#e2ded7',
  '#cfc9c0',
  '#b2aba0',
  '#8f887d',
  '#6f695f',
  '#57524a',
  '#3e3a34',
  '#2a2723',
];

const inputDefaults = { defaultProps: { size: 'md' as const } };

export const theme = createTheme({
  primaryColor: 'frontRed',
  primaryShade: 7,
  colors: { frontRed, gold, frontBlue, gray },
  fontFamily: '"Be Vietnam Pro", "Segoe UI", Roboto, Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "Cascadia Mono", Consolas, monospace',
  headings: {
    fontFamily: '"Be Vietnam Pro", "Segoe UI", Roboto, Arial, sans-serif',
    fontWeight: '700',
    sizes: {
      h1: { fontSize: '1.625rem', lineHeight: '1.3' },
      h2: { fontSize: '1.375rem', lineHeight: '1.35' },
      h3: { fontSize: '1.1875rem', lineHeight: '1.4' },
      h4: { fontSize: '1.0625rem', lineHeight: '1.45' },
    },
  },
  fontSizes: { xs: '0.8125rem', sm: '0.9375rem', md: '1rem', lg: '1.125rem', xl: '1.25rem' },
  lineHeights: { xs: '1.45', sm: '1.5', md: '1.55', lg: '1.6', xl: '1.65' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    TextInput: TextInput.extend(inputDefaults),
    PasswordInput: PasswordInput.extend({
      defaultProps: { size: 'md', visibilityToggleButtonProps: { 'aria-label': 'Hiện hoặc ẩn nội dung đã nhập' } },
    }),
    Textarea: Textarea.extend(inputDefaults),
    Select: Select.extend(inputDefaults),
    MultiSelect: MultiSelect.extend(inputDefaults),
    NativeSelect: NativeSelect.extend(inputDefaults),
    NumberInput: NumberInput.extend(inputDefaults),
    Autocomplete: Autocomplete.extend(inputDefaults),
    FileInput: FileInput.extend(inputDefaults),
    Button: Button.extend({ defaultProps: { size: 'md' } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle' } }),
    Anchor: Anchor.extend({ defaultProps: { c: 'frontBlue.7' } }),
    Badge: Badge.extend({
      defaultProps: { radius: 'sm', tt: 'none', size: 'lg' },
      styles: { root: { fontWeight: 600, flexShrink: 0 }, label: { overflow: 'visible' } },
    }),
    Card: Card.extend({ defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } }),
    Paper: Paper.extend({ defaultProps: { radius: 'md' } }),
    Modal: Modal.extend({ defaultProps: { centered: true, size: 'lg' } }),
  },
});
