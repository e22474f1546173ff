export * as alertmanager from './channels/alertmanager.js';
export * as dingtalk from './channels/dingtalk.js';
export * as feishu from './channels/feishu.js';
export { buildRequest, type DeliverOptions, deliver, replyJudgeFor } from './channels/index.js';
export * as slack from './channels/slack.js';
export * as webhook from './channels/webhook.js';
export * as wecom from './channels/wecom.js';
export { labelSetFingerprint } from './fingerprint.js';
export { IDEMPOTENCY_HEADER, idempotencyKey } from './idempotency-key.js';
export {
  INCIDENT_EXAMPLES,
  type IncidentMessageKind,
  type IncidentNotification,
  type IncidentSummary,
} from './incident.js';
export {
  type BreachNotification,
  canonicalNotification,
  type DigestNotification,
  type Notification,
  type ResolvedNotification,
} from './notification.js';
export { actionLines } from './render/action.js';
export { chinaTime, chinaTimeSpan } from './render/clock.js';
export {
  DEFAULT_DIGEST_LIMIT,
  limitItems,
  type MessageDocument,
  type MessageField,
  type MessageLink,
  type MessageNote,
  messageFor,
  type RenderOptions,
  type Tone,
} from './render/document.js';
export { describeLateness, describeMinutes } from './render/duration.js';
export { incidentHeadline } from './render/incident-message.js';
export {
  type Bilingual,
  LEVEL_NAMES,
  PRODUCT_NAMES,
  ROUTE_NAMES,
  SEGMENT_NAMES,
  SEVERITY_NAMES,
} from './render/labels.js';
export { escapeMarkdown, type MarkdownOptions, toMarkdown } from './render/markdown.js';
export { toPlainText } from './render/plain-text.js';
export { truncateUtf8, utf8Length } from './render/utf8.js';
export type { DeliveryResult, OutgoingRequest, ReplyJudge } from './request.js';
export { judgeByStatus, type SendOptions, send } from './send.js';
export {
  type ChannelType,
  parseTarget,
  type Target,
  TargetConfigError,
  type TargetInput,
  TargetSchema,
} from './target.js';
