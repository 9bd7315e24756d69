import formbody from '@fastify/formbody';
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Tx } from '../../../db/client.ts';
import type { AuditContext } from '../../../platform/audit/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Mailer } from '../../../platform/mail/index.ts';
import { publicAccess, UUID_PATTERN } from '../../../platform/policy/index.ts';
import { attachmentType, type Storage } from '../../../platform/storage/index.ts';
import { rateAnswer, reopenPetition } from '../citizen.service.ts';
import { createPetition } from '../intake.ts';
import { petitionMedia } from '../petitions.schema.ts';
import { scorecards } from '../scorecards.ts';
import { findSimilarPetitions } from '../similar.repository.ts';
import { parseTrackingCode } from '../tracking-code.ts';
import type { PublicAssets } from './assets.ts';
import { type FormContext, petitionFormView, provinceChooserView } from './form.view.ts';
import { checkFormToken, consumeFormNonce, type FormTokenCheck, issueFormToken } from './form-token.ts';
import { type Page, renderPage, type SiteFrame } from './layout.ts';
import { mapView } from './map.view.ts';
import {
  type HolderForms,
  hiddenView,
  homeView,
  messageView,
  petitionView,
  submittedView,
  trackView,
} from './petition.view.ts';
import { checkPetitionForm, type FieldErrors, formValuesOf, PHOTO_MAX_BYTES } from './petition-form.ts';
import * as repository from './public.repository.ts';
import { scorecardsView } from './scorecards.view.ts';

export interface PublicRoutesDeps {
  db: Database;
  storage: Storage;
  mailer: Pick<Mailer, 'send'>;
  /** The site's address, for links in e-mail. */
  publicUrl: string;
  /** The forms' MAC key (form-token.ts). */
  tokenKey: Buffer;
  frame: SiteFrame;
  assets: PublicAssets;
  /** Map tiles (PETITIONS_MAP_TILE_URL); none: markers on a blank map. */
  tileUrl?: string;
}

/** With more areas than this, the form asks for the province first (a national site). */
const AREA_LIST_LIMIT = 400;

/**
 * Per address, never per cookie (a flooder could invent one per request): posting forms is
 * rare for a person, looking up codes a little less.
 */
const byAddress = (request: FastifyRequest) => `ip:${request.ip}`;
const postLimit = { max: 10, timeWindow: '10 minutes', keyGenerator: byAddress } as const;
const lookupLimit = { max: 30, timeWindow: '1 minute', keyGenerator: byAddress } as const;
const open = (rateLimit?: RateLimitOptions) => ({
  config: { access: publicAccess, ...(rateLimit ? { rateLimit } : {}) },
  schema: { hide: true },
});

/** Citizens act without an account: the audit names them by the channel they used. */
const citizenAudit = (request: FastifyRequest, label: string): AuditContext => ({
  actorId: null,
  actorLabel: label,
  requestId: request.id,
  ip: request.ip,
});

const TOKEN_MESSAGES: Record<Exclude<FormTokenCheck, { ok: true }>['reason'], string> = {
  invalid:
    'Biểu mẫu không hợp lệ (có thể đã được mở từ một trang cũ). Vui lòng kiểm tra lại nội dung và bấm gửi lần nữa.',
  expired:
    'Biểu mẫu đã mở quá 2 giờ nên đã hết hạn. Nội dung của bạn vẫn còn bên dưới: vui lòng kiểm tra và bấm gửi lần nữa.',
  too_fast:
    'Biểu mẫu được gửi quá nhanh sau khi mở. Vui lòng kiểm tra lại nội dung bên dưới rồi bấm gửi lần nữa.',
};
const REPLAYED =
  'Biểu mẫu này đã được gửi trước đó, nên không được ghi nhận lần nữa. Nếu bạn muốn gửi một kiến nghị mới, hãy kiểm tra nội dung bên dưới và bấm gửi.';
const HONEYPOT = 'Ô "Để trống ô này" phải được để trống. Vui lòng xóa nội dung ô đó và gửi lại.';

/** The public petition pages (issue 6), server-rendered, complete without JavaScript. */
export async function registerPublicRoutes(app: FastifyInstance, deps: PublicRoutesDeps) {
  const { db, tokenKey, frame, assets } = deps;
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  const send = (reply: FastifyReply, status: number, page: Page, cache = 'no-cache') =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', cache)
      .send(renderPage(frame, page));
  // A tracking code is a key: pages that show or take one are never stored by caches.
  const sendPrivate = (reply: FastifyReply, status: number, page: Page) =>
    send(reply, status, { ...page, noindex: true }, 'private, no-store');

  /**
   * A tile server on another origin is added to the page's img-src (the app's CSP allows only our
   * own origin); "{s}" subdomains become a wildcard.
   */
  const tileSource = tileSourceOf(deps.tileUrl);
  const allowTiles = (reply: FastifyReply) => {
    const csp = reply.getHeader('content-security-policy');
    if (tileSource && typeof csp === 'string')
      reply.header('content-security-policy', csp.replace(/img-src([^;]*)/, `img-src$1 ${tileSource}`));
  };

  // Errors on these pages are pages too (rate limits, bodies too large, unexpected failures).
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
    if (status >= 500) request.log.error({ err: error }, 'public page failed');
    const [title, message] = errorText(status, error);
    return send(reply, status, { title, main: messageView(title, message) }, 'no-store');
  });

  app.get(
    '/kien-nghi/tai-nguyen/*',
    { config: { access: publicAccess, rateLimit: false }, schema: { hide: true } },
    (request, reply) => {
      const asset = assets.files.get((request.params as { '*': string })['*']);
      if (!asset)
        return send(reply, 404, {
          title: 'Không tìm thấy',
          main: messageView('Không tìm thấy', 'Không có tệp này.'),
        });
      return reply
        .type(asset.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(asset.body);
    },
  );

  app.get('/kien-nghi', open(), async (_request, reply) =>
    send(reply, 200, {
      title: 'Kiến nghị cử tri',
      current: 'home',
      main: homeView({ recent: await repository.listRecentAnswers(db) }),
    }),
  );

  /** The areas the form offers: the province of `?don-vi=` (or of the posted area), or all of them. */
  async function areasFor(idOrCode: string | undefined) {
    const chosen = idOrCode ? await repository.findArea(db, idOrCode) : null;
    if (chosen) return { areas: await repository.listAreas(db, chosen), chosen };
    if ((await repository.countAreas(db)) > AREA_LIST_LIMIT) return { areas: null, chosen: null };
    return { areas: await repository.listAreas(db), chosen: null };
  }

  async function formPage(
    reply: FastifyReply,
    status: number,
    input: Omit<FormContext, 'areas' | 'subjects' | 'action'> & { donVi?: string },
  ) {
    const { areas } = await areasFor(input.donVi || input.values.unitId || undefined);
    if (!areas) {
      return send(reply, status, {
        title: 'Gửi kiến nghị',
        current: 'submit',
        main: provinceChooserView(await repository.listProvinces(db)),
      });
    }
    const action = input.donVi ? `?don-vi=${encodeURIComponent(input.donVi)}` : '';
    const main = petitionFormView({ ...input, areas, subjects: await repository.listSubjects(db), action });
    const title = Object.keys(input.errors).length || input.general ? 'Lỗi: Gửi kiến nghị' : 'Gửi kiến nghị';
    return sendPrivate(reply, status, { title, current: 'submit', main });
  }

  app.get('/kien-nghi/gui', open(), async (request, reply) => {
    const donVi = queryString(request, 'don-vi');
    const { chosen } = await areasFor(donVi);
    const values = formValuesOf({});
    if (chosen) values.unitId = chosen.id;
    return formPage(reply, 200, { values, errors: {}, token: issueFormToken(tokenKey), donVi });
  });

  app.post('/kien-nghi/gui', open(postLimit), async (request, reply) => {
    const submission = await readSubmission(request);
    const values = formValuesOf(submission.fields);
    const donVi = queryString(request, 'don-vi');
    const photoAttached = submission.photo !== null;
    const postedToken = typeof submission.fields.formToken === 'string' ? submission.fields.formToken : '';
    const again = (status: number, extra: { errors?: FieldErrors; general?: string; freshToken?: boolean }) =>
      formPage(reply, status, {
        values,
        errors: extra.errors ?? {},
        general: extra.general,
        token: extra.freshToken ? issueFormToken(tokenKey) : postedToken,
        donVi,
        photoDropped: photoAttached,
      });

    if (submission.fields.website) return again(400, { general: HONEYPOT });
    const token = checkFormToken(tokenKey, postedToken);
    if (!token.ok)
      return again(400, { general: TOKEN_MESSAGES[token.reason], freshToken: token.reason !== 'too_fast' });

    const checked = checkPetitionForm(values);
    const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (submission.photoError) errors.photo = submission.photoError;
    if (checked.ok) {
      if (!(await repository.isArea(db, checked.form.unitId)))
        errors.unitId = 'Địa bàn đã chọn không có trong danh sách; vui lòng chọn lại.';
      if (!(await repository.listSubjects(db)).some((s) => s.code === checked.form.subjectCode))
        errors.subjectCode = 'Lĩnh vực đã chọn không có trong danh sách; vui lòng chọn lại.';
    }
    if (!checked.ok || Object.keys(errors).length > 0) return again(400, { errors });
    const form = checked.form;

    // Stored by content before the transaction: a failed post leaves at most an unreferenced blob.
    const photo = submission.photo ? await deps.storage.put(submission.photo.bytes) : null;
    const created = await db.transaction(async (tx) => {
      if (!(await consumeFormNonce(tx, token))) return null;
      const petition = await createPetition(tx, citizenAudit(request, 'citizen (public web form)'), {
        unitId: form.unitId,
        subjectCode: form.subjectCode,
        title: form.title,
        description: form.description,
        channel: 'web',
        place: form.place,
        lat: form.lat,
        lng: form.lng,
        petitioner: {
          consent: form.consent,
          name: form.name,
          phone: form.phone,
          email: form.email,
          notifyByEmail: form.notifyByEmail,
        },
      });
      if (photo && submission.photo) {
        await tx.insert(petitionMedia).values({
          petitionId: petition.id,
          storageKey: photo.key,
          name: submission.photo.name,
          contentType: submission.photo.contentType,
          size: photo.size,
        });
      }
      return petition;
    });
    if (!created) return again(409, { general: REPLAYED, freshToken: true });
    if (form.consent && form.notifyByEmail && form.email) {
      // Queued after the commit; the petition stands even if the mail queue is down.
      await deps.mailer
        .send(confirmationMail(deps.publicUrl, form.email, form.title, created.trackingCode, form.unitId))
        .catch((error) => request.log.error({ err: error }, 'petition confirmation e-mail not queued'));
    }

    const similar = await findSimilarPetitions(db, {
      text: `${form.title} ${form.description}`,
      unitId: form.unitId,
      subjectCode: form.subjectCode,
      excludeId: created.id,
      limit: 5,
    });
    // Only the ids are taken: the summaries are ours (never a tracking code on a public page).
    const suggestions = await repository.listSummariesByIds(
      db,
      similar.map((s) => s.id),
    );
    return sendPrivate(reply, 201, {
      title: 'Đã gửi kiến nghị',
      current: 'submit',
      main: submittedView({
        trackingCode: created.trackingCode,
        serial: created.serial,
        identityDropped: !form.consent && Boolean(form.name || form.phone || form.email),
        photoStored: photo !== null,
        similar: suggestions,
      }),
    });
  });

  app.get('/kien-nghi/tra-cuu', open(lookupLimit), async (request, reply) => {
    const typed = queryString(request, 'ma');
    if (typed === undefined)
      return send(reply, 200, { title: 'Tra cứu kiến nghị', current: 'track', main: trackView({}) });
    const code = parseTrackingCode(typed);
    const error = !code
      ? 'Mã tra cứu gồm "KN" và 8 chữ hoặc số, ví dụ KN-7QX3-M2PA. Vui lòng kiểm tra lại.'
      : !(await repository.findPublicPetition(db, { trackingCode: code }))
        ? `Không tìm thấy kiến nghị có mã ${code}. Vui lòng kiểm tra lại mã.`
        : null;
    if (error)
      return sendPrivate(reply, code ? 404 : 400, {
        title: 'Lỗi: Tra cứu kiến nghị',
        current: 'track',
        main: trackView({ code: typed, error }),
      });
    return reply.header('cache-control', 'no-store').redirect(`/kien-nghi/${code}`, 303);
  });

  /** The page of one petition, as the public or (with the code) its holder sees it. */
  async function petitionPage(
    reply: FastifyReply,
    petition: repository.PublicPetition,
    holder?: Omit<HolderForms, 'canRate' | 'canReopen' | 'token'>,
    status = 200,
  ) {
    if (petition.isHidden) {
      const page = { title: `Kiến nghị số ${petition.serial}`, main: hiddenView(petition.serial) };
      return holder ? sendPrivate(reply, status, page) : send(reply, status, page);
    }
    const primary = petition.mergedIntoId ? await repository.findPrimary(db, petition.mergedIntoId) : null;
    const answerOf = primary?.id ?? petition.id;
    const [forwards, events, answer, media] = await Promise.all([
      repository.listForwards(db, answerOf),
      repository.listPublicEvents(db, petition.id),
      repository.findPublishedAnswer(db, answerOf),
      repository.listPublicMedia(db, petition.id),
    ]);
    // A consolidated member follows its primary: rated and reopened through the primary's answer.
    const answered = answer !== null && ['answered', 'closed'].includes(primary?.status ?? petition.status);
    const ratedThisAnswer =
      petition.ratedAt !== null && answer?.publishedAt != null && petition.ratedAt >= answer.publishedAt;
    const main = petitionView({
      petition,
      forwards,
      events,
      answer,
      primary,
      media,
      tileUrl: deps.tileUrl,
      holder: holder && {
        ...holder,
        token: issueFormToken(tokenKey),
        canRate: answered && !ratedThisAnswer,
        canReopen: answered && petition.reopenedAt === null,
      },
    });
    const located = petition.lat !== null;
    const page: Page = {
      title: `Kiến nghị số ${petition.serial}: ${petition.title}`,
      main,
      ...(located ? assets.map : {}),
    };
    if (located) allowTiles(reply);
    return holder ? sendPrivate(reply, status, page) : send(reply, status, page);
  }

  const notFoundPage = (reply: FastifyReply, message = 'Không tìm thấy kiến nghị này.') =>
    send(reply, 404, { title: 'Không tìm thấy', main: messageView('Không tìm thấy kiến nghị', message) });

  app.get('/kien-nghi/so/:serial', open(), async (request, reply) => {
    const serial = (request.params as { serial: string }).serial;
    if (!/^[1-9][0-9]{0,14}$/.test(serial)) return notFoundPage(reply);
    const petition = await repository.findPublicPetition(db, { serial: Number(serial) });
    // Withdrawn from the public: only its code's holder sees it, by the code.
    if (!petition?.isPublic) return notFoundPage(reply);
    return petitionPage(reply, petition);
  });

  /** The petition named by the `:code` parameter, for its holder; null when there is none. */
  async function heldPetition(request: FastifyRequest) {
    const code = parseTrackingCode((request.params as { code: string }).code);
    const petition = code ? await repository.findPublicPetition(db, { trackingCode: code }) : null;
    return petition && code ? { code, petition } : null;
  }

  const NOTICES: Record<string, string> = {
    'danh-gia': 'Cảm ơn bạn đã đánh giá câu trả lời.',
    'mo-lai':
      'Đã ghi nhận đề nghị xem xét lại. Kiến nghị được chuyển xử lý tiếp; bạn theo dõi tại trang này.',
  };

  app.get('/kien-nghi/:code', open(lookupLimit), async (request, reply) => {
    const held = await heldPetition(request);
    if (!held)
      return notFoundPage(reply, 'Không tìm thấy kiến nghị có mã này. Vui lòng kiểm tra lại mã tra cứu.');
    const done = queryString(request, 'da');
    return petitionPage(reply, held.petition, { code: held.code, notice: done ? NOTICES[done] : undefined });
  });

  /** A holder's post (rate, reopen): token, then the citizen service in one transaction, then back to the page. */
  async function holderPost(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'danh-gia' | 'mo-lai',
    check: (body: Record<string, string>) =>
      | { errors: NonNullable<HolderForms['errors']> }
      | {
          act: (tx: Tx, audit: AuditContext, petitionId: string) => Promise<unknown>;
        },
  ) {
    const held = await heldPetition(request);
    if (!held || held.petition.isHidden) return notFoundPage(reply);
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const body = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
    ) as Record<string, string>;
    const values = { satisfied: body.satisfied, comment: body.comment, reason: body.reason };
    const fail = (status: number, errors: NonNullable<HolderForms['errors']>) =>
      petitionPage(reply, held.petition, { code: held.code, errors, values }, status);

    const token = checkFormToken(tokenKey, body.formToken);
    if (!token.ok) return fail(400, { general: TOKEN_MESSAGES[token.reason] });
    const checked = check(body);
    if ('errors' in checked) return fail(400, checked.errors);
    try {
      const replayed = await db.transaction(async (tx) => {
        if (!(await consumeFormNonce(tx, token))) return true;
        await checked.act(tx, citizenAudit(request, 'citizen (tracking code holder)'), held.petition.id);
        return false;
      });
      if (replayed) return fail(409, { general: 'Biểu mẫu này đã được gửi trước đó.' });
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return fail(error.status, { general: error.text?.vi ?? 'Không thực hiện được yêu cầu này.' });
      throw error;
    }
    return reply.header('cache-control', 'no-store').redirect(`/kien-nghi/${held.code}?da=${kind}`, 303);
  }

  app.post('/kien-nghi/:code/danh-gia', open(postLimit), (request, reply) =>
    holderPost(request, reply, 'danh-gia', (body) => {
      const satisfied = body.satisfied === 'yes' ? true : body.satisfied === 'no' ? false : null;
      const comment = (body.comment ?? '').trim();
      if (satisfied === null) return { errors: { satisfied: 'Chọn "Hài lòng" hoặc "Chưa hài lòng".' } };
      if (comment.length > 2000)
        return { errors: { comment: 'Ý kiến thêm dài quá 2.000 ký tự; vui lòng rút gọn.' } };
      return { act: (tx, audit, id) => rateAnswer(tx, audit, id, satisfied, comment || undefined) };
    }),
  );

  app.post('/kien-nghi/:code/mo-lai', open(postLimit), (request, reply) =>
    holderPost(request, reply, 'mo-lai', (body) => {
      const reason = (body.reason ?? '').trim();
      if (reason.length < 10)
        return { errors: { reason: 'Nêu lý do đề nghị xem xét lại (ít nhất 10 ký tự).' } };
      if (reason.length > 2000) return { errors: { reason: 'Lý do dài quá 2.000 ký tự; vui lòng rút gọn.' } };
      return { act: (tx, audit, id) => reopenPetition(tx, audit, id, reason) };
    }),
  );

  app.get('/kien-nghi/anh/:id', open(), async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const media = UUID_PATTERN.test(id) ? await repository.findPublicMedia(db, id) : null;
    if (!media) return notFoundPage(reply, 'Không có ảnh này.');
    return reply
      .type(media.contentType)
      .header('cache-control', 'public, max-age=86400')
      .header('content-disposition', 'inline')
      .send(await deps.storage.get(media.key));
  });

  // `?don-vi=` narrows to the recipients serving one province's or commune's area (a unit's site).
  app.get('/kien-nghi/co-quan', open(), async (request, reply) => {
    const donVi = queryString(request, 'don-vi');
    const area = donVi ? await repository.findArea(db, donVi) : null;
    return send(reply, 200, {
      title: 'Kết quả giải quyết kiến nghị',
      current: 'scorecards',
      main: scorecardsView(await scorecards(db, area ? { unitId: area.id } : {})),
    });
  });

  app.get('/kien-nghi/ban-do', open(), async (_request, reply) => {
    const located = await repository.listLocated(db);
    allowTiles(reply);
    return send(reply, 200, {
      title: 'Bản đồ kiến nghị',
      current: 'map',
      main: mapView({ items: located, tileUrl: deps.tileUrl }),
      ...assets.map,
    });
  });
}

/** The confirmation a petitioner who asked for e-mail gets: the code and the link to follow it. */
function confirmationMail(publicUrl: string, to: string, title: string, code: string, unitId: string) {
  const link = `${publicUrl}/kien-nghi/${code}`;
  return {
    to,
    unitId,
    subject: `Đã tiếp nhận kiến nghị — mã tra cứu ${code}`,
    text: [
      'Kính gửi ông/bà,',
      '',
      `Ủy ban Mặt trận Tổ quốc Việt Nam đã tiếp nhận kiến nghị "${title}" của ông/bà.`,
      '',
      `Mã tra cứu: ${code}`,
      `Theo dõi kiến nghị: ${link}`,
      '',
      'Ông/bà sẽ nhận thư khi kiến nghị có tiến triển. Thư này được gửi tự động, vui lòng không trả lời.',
    ].join('\n'),
  };
}

/** What an error page says, by status. */
function errorText(status: number, error: Error): [string, string] {
  switch (status) {
    case 429:
      return ['Quá nhiều yêu cầu', 'Bạn thao tác quá nhanh. Vui lòng chờ ít phút rồi thử lại.'];
    case 413:
      return [
        'Dữ liệu quá lớn',
        'Nội dung hoặc tệp gửi lên quá lớn. Ảnh tối đa 5 MB, nội dung tối đa 4.000 ký tự.',
      ];
    case 415:
      return ['Định dạng không được hỗ trợ', 'Biểu mẫu cần được gửi từ trang web này.'];
    case 404:
      return ['Không tìm thấy', 'Không tìm thấy trang bạn cần.'];
    default:
      if (status < 500)
        return [
          'Yêu cầu không hợp lệ',
          error instanceof AppError && error.text ? error.text.vi : 'Yêu cầu không hợp lệ.',
        ];
      return ['Đã có lỗi', 'Hệ thống gặp lỗi. Vui lòng thử lại sau ít phút.'];
  }
}

/** The CSP source of a tile URL template: "https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org". */
export function tileSourceOf(template: string | undefined): string | null {
  if (!template) return null;
  try {
    const url = new URL(template.replace(/\{s\}/g, 'a').replace(/\{[a-z]+\}/gi, '0'));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    const host = template.includes('{s}.') ? `*.${url.host.split('.').slice(1).join('.')}` : url.host;
    return `${url.protocol}//${host}`;
  } catch {
    return null;
  }
}

/** A single query-string value (the first when repeated), or undefined when absent or empty. */
function queryString(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/**
 * The posted form: urlencoded, or multipart with at most one photo (`photo`) recognised by its
 * bytes as JPEG or PNG and at most PHOTO_MAX_BYTES. A bad photo is a field error, not a failure:
 * the rest of the form is read and kept.
 */
async function readSubmission(request: FastifyRequest) {
  const fields: Record<string, unknown> = {};
  let photo: { bytes: Buffer; contentType: string; name: string } | null = null;
  let photoError: string | undefined;
  if (!request.isMultipart()) {
    Object.assign(fields, (request.body ?? {}) as Record<string, unknown>);
    return { fields, photo, photoError };
  }
  for await (const part of request.parts({ limits: { fileSize: PHOTO_MAX_BYTES, files: 1 } })) {
    if (part.type !== 'file') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      photoError = 'Ảnh quá lớn: tối đa 5 MB. Vui lòng chọn ảnh nhỏ hơn.';
      continue;
    }
    if (part.fieldname !== 'photo' || (bytes.length === 0 && !part.filename)) continue; // no file chosen
    const contentType = attachmentType(bytes);
    if (contentType !== 'image/jpeg' && contentType !== 'image/png') {
      photoError = 'Tệp đã chọn không phải ảnh JPEG hoặc PNG. Vui lòng chọn một ảnh.';
      continue;
    }
    photo = { bytes, contentType, name: (part.filename || 'anh').slice(0, 200) };
  }
  return { fields, photo, photoError };
}
