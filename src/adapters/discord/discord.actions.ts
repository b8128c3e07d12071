import {
  ApplicationCommandType,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIModalInteractionResponseCallbackData,
  type APITextInputComponent,
} from 'discord.js';
import type { CommandDef, MessageActionField } from '../../core/commands.ts';
import { paragraph, rich, toPlainText, truncate, type Inline } from '../../core/rich-text.ts';

/**
 * A feature's message actions (`CommandDef.messageAction`) on Discord: an entry of the
 * message context menu that opens a modal, whose submission runs the command with the
 * picked message as its target. Limits from Discord API docs, Application Commands
 * ("name" 1–32) and Interactions: Modal ("title" 45) and Text Input ("label" 45, at most 5 rows).
 */
const MENU_NAME_MAX = 32;
const MODAL_TITLE_MAX = 45;
const INPUT_LABEL_MAX = 45;
const MODAL_ROWS_MAX = 5;
/** Marks Foyer's message-action modals; the target message id and the command name follow. */
const MODAL_PREFIX = 'foyer-action:';

export interface MessageMenu {
  type: ApplicationCommandType.Message;
  name: string;
  dm_permission: false;
}

// Discord counts these lengths in UTF-16 units.
const clipped = (label: Inline[], max: number) =>
  truncate(toPlainText(rich(paragraph(...label))), max, { measure: (g) => g.length });
const menuName = (def: CommandDef) => clipped(def.messageAction!.label, MENU_NAME_MAX);

/** The message context-menu entries to register: one per command that declares a message action. */
export const messageMenus = (defs: readonly CommandDef[]): MessageMenu[] =>
  defs
    .filter((def) => def.messageAction)
    .map((def) => ({ type: ApplicationCommandType.Message, name: menuName(def), dm_permission: false }));

/** The command a message context-menu entry feeds. */
export const commandForMenu = (defs: readonly CommandDef[], name: string): CommandDef | undefined =>
  defs.find((def) => def.messageAction && menuName(def) === name);

function textInputRow(field: MessageActionField): APIActionRowComponent<APITextInputComponent> {
  const input: APITextInputComponent = {
    type: ComponentType.TextInput,
    custom_id: field.name,
    label: clipped(field.label, INPUT_LABEL_MAX),
    style: field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: field.required,
    ...(field.minLength !== undefined ? { min_length: field.minLength } : {}),
    ...(field.maxLength !== undefined ? { max_length: field.maxLength } : {}),
  };
  return { type: ComponentType.ActionRow, components: [input] };
}

/** The modal a message action opens on `message`; its custom id says which message and command it is for. */
export function actionModal(def: CommandDef, message: string): APIModalInteractionResponseCallbackData {
  const action = def.messageAction!;
  return {
    custom_id: `${MODAL_PREFIX}${message}:${def.name}`,
    title: clipped(action.label, MODAL_TITLE_MAX),
    components: action.fields.slice(0, MODAL_ROWS_MAX).map(textInputRow),
  };
}

/** Which message and command a submitted modal is for; undefined for modals that are not message actions. */
export function modalTarget(customId: string): { message: string; command: string } | undefined {
  if (!customId.startsWith(MODAL_PREFIX)) return undefined;
  const rest = customId.slice(MODAL_PREFIX.length);
  const colon = rest.indexOf(':');
  return colon > 0 ? { message: rest.slice(0, colon), command: rest.slice(colon + 1) } : undefined;
}

/** The command's arguments from the submitted fields; an optional field left empty is no argument at all. */
export function actionValues(
  def: CommandDef,
  submitted: (field: string) => string | undefined,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of def.messageAction?.fields ?? []) {
    const value = submitted(field.name);
    if (value !== undefined && value !== '') values[field.name] = value;
  }
  return values;
}
