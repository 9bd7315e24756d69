import { Button, Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { type Language, useI18n } from '../i18n/i18n.tsx';

const options: { value: Language; label: string }[] = [
  { value: 'vi', label: 'Tiếng Việt' },
  { value: 'en', label: 'English' },
];

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="dark"
          size="compact-md"
          leftSection={<IconLanguage size={18} aria-hidden />}
          aria-label={`${language.toUpperCase()} · ${t('shell.language')}: ${language === 'vi' ? 'Tiếng Việt' : 'English'}`}
        >
          {language.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('shell.language')}</Menu.Label>
        {options.map((option) => (
          <Menu.Item
            key={option.value}
            lang={option.value}
            onClick={() => setLanguage(option.value)}
            rightSection={language === option.value ? <IconCheck size={16} aria-hidden /> : null}
            aria-current={language === option.value ? 'true' : undefined}
          >
            {option.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
