import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { RichTextEditor } from '@mantine/tiptap';
import '@mantine/tiptap/styles.css';
import { IconMovie, IconPhoto } from '@tabler/icons-react';
import Image from '@tiptap/extension-image';
import { mergeAttributes, Node, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useState } from 'react';
import { useEmbedMedia } from '../../api/portal.ts';
import { ErrorAlert } from '../../components/error-state.tsx';
import { MediaPickerModal } from './parts.tsx';
import { usePortalI18n } from './portal-i18n.ts';

/**
 * A video player from the media library's embed route. Tiptap knows no iframe, so this node keeps
 * one; the server's sanitiser lets through only YouTube (nocookie) and Facebook player addresses.
 */
const VideoEmbed = Node.create({
  name: 'videoEmbed',
  group: 'block',
  atom: true,
  addAttributes() {
    return { src: { default: null }, title: { default: null } };
  },
  parseHTML() {
    return [{ tag: 'iframe[src]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return [
      'iframe',
      mergeAttributes(HTMLAttributes, { width: '560', height: '315', allowfullscreen: 'true' }),
    ];
  },
});

/** The article body: Tiptap through Mantine's RichTextEditor, images and videos from the library. */
export function BodyEditor({
  siteId,
  initialHtml,
  onChange,
  label,
}: {
  siteId: string;
  initialHtml: string;
  onChange: (html: string) => void;
  label: string;
}) {
  const { pt } = usePortalI18n();
  const labels = {
    boldControlLabel: pt('po.tb.bold'),
    italicControlLabel: pt('po.tb.italic'),
    h2ControlLabel: pt('po.tb.h2'),
    h3ControlLabel: pt('po.tb.h3'),
    h4ControlLabel: pt('po.tb.h4'),
    bulletListControlLabel: pt('po.tb.bullets'),
    orderedListControlLabel: pt('po.tb.numbers'),
    blockquoteControlLabel: pt('po.tb.quote'),
    linkControlLabel: pt('po.tb.link'),
    unlinkControlLabel: pt('po.tb.unlink'),
    linkEditorInputLabel: pt('po.tb.linkUrl'),
    linkEditorInputPlaceholder: 'https://…',
    linkEditorSave: pt('po.tb.linkSave'),
  };
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, protocols: ['https', 'mailto'] },
      }),
      Image,
      VideoEmbed,
    ],
    content: initialHtml,
    immediatelyRender: true,
    editorProps: { attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' } },
    onUpdate: ({ editor: current }) => onChange(current.isEmpty ? '' : current.getHTML()),
  });
  const [picking, picker] = useDisclosure(false);
  const [videoOpen, video] = useDisclosure(false);
  const [videoUrl, setVideoUrl] = useState('');
  const embed = useEmbedMedia();

  return (
    <>
      <RichTextEditor editor={editor} labels={labels}>
        <RichTextEditor.Toolbar sticky stickyOffset={60}>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H2 />
            <RichTextEditor.H3 />
            <RichTextEditor.H4 />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Blockquote />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Control
              onClick={picker.open}
              aria-label={pt('po.ed.insertImage')}
              title={pt('po.ed.insertImage')}
            >
              <IconPhoto size={16} stroke={1.5} aria-hidden />
            </RichTextEditor.Control>
            <RichTextEditor.Control
              onClick={video.open}
              aria-label={pt('po.ed.insertVideo')}
              title={pt('po.ed.insertVideo')}
            >
              <IconMovie size={16} stroke={1.5} aria-hidden />
            </RichTextEditor.Control>
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content mih={240} />
      </RichTextEditor>
      <MediaPickerModal
        siteId={siteId}
        opened={picking}
        onClose={picker.close}
        onPick={(media) =>
          editor
            ?.chain()
            .focus()
            .setImage({ src: `/anh/${media.id}/960.jpg`, alt: media.alt || media.caption })
            .run()
        }
      />
      <Modal opened={videoOpen} onClose={video.close} title={pt('po.ed.insertVideo')}>
        <Stack
          gap="sm"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            // React carries a portal's events to its React parents: not to the article's form.
            e.stopPropagation();
            embed.mutate(
              { siteId, body: { url: videoUrl } },
              {
                onSuccess: (media) => {
                  if (media.embedUrl)
                    editor
                      ?.chain()
                      .focus()
                      .insertContent({
                        type: 'videoEmbed',
                        attrs: { src: media.embedUrl, title: media.alt || null },
                      })
                      .run();
                  setVideoUrl('');
                  video.close();
                },
              },
            );
          }}
        >
          <TextInput
            label={pt('po.f.videoUrl')}
            value={videoUrl}
            onChange={(e) => setVideoUrl(e.currentTarget.value)}
            placeholder="https://www.youtube.com/watch?v=…"
            required
            data-autofocus
          />
          <ErrorAlert error={embed.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={embed.isPending}>
              {pt('po.ed.insert')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
