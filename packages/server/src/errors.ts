/**
 * One error type with stable codes. Each code maps, in this one place, to an HTTP status and a Ukrainian title that
 * is safe to show; the HTTP layer renders it as RFC 9457 problem+json.
 */
export const ERROR_CODES = {
  // generic
  VALIDATION_FAILED: [400, 'Дані не пройшли перевірку'],
  BAD_REQUEST: [400, 'Некоректний запит'],
  PAYLOAD_TOO_LARGE: [413, 'Запит завеликий'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Непідтримуваний формат даних'],
  NOT_FOUND: [404, 'Не знайдено'],
  METHOD_NOT_ALLOWED: [405, 'Метод не дозволено'],
  CONFLICT: [409, 'Конфлікт даних'],
  PRECONDITION_FAILED: [412, 'Запис змінено іншим користувачем'],
  PRECONDITION_REQUIRED: [428, 'Потрібен заголовок If-Match'],
  RATE_LIMITED: [429, 'Забагато запитів, спробуйте пізніше'],
  INTERNAL: [500, 'Внутрішня помилка сервера'],
  DATABASE_UNAVAILABLE: [503, 'База даних тимчасово недоступна'],
  // RFC 4918 § 11.5: the server cannot store what is needed to complete the request.
  STORAGE_FULL: [507, 'Недостатньо місця для збереження даних: зміни не збережено'],
  // database and start
  MIGRATION_CHANGED: [500, 'Застосовану міграцію змінено'],
  DATABASE_TOO_NEW: [500, 'База даних новіша за цю збірку'],
  DATABASE_LOCKED: [409, 'Вбудовану базу даних використовує інший процес'],
  CONFIG_INVALID: [500, 'Неправильні налаштування'],
  // access
  UNAUTHENTICATED: [401, 'Потрібно увійти в систему'],
  FORBIDDEN: [403, 'Недостатньо прав'],
  CSRF_FAILED: [403, 'Запит не підтверджено (CSRF)'],
  LOGIN_FAILED: [401, 'Неправильний логін або пароль'],
  LOGIN_LOCKED: [429, 'Вхід тимчасово заблоковано після невдалих спроб'],
  TOTP_REQUIRED: [401, 'Потрібен одноразовий код з автентифікатора'],
  TOTP_INVALID: [401, 'Неправильний одноразовий код'],
  TOTP_ENROLMENT_REQUIRED: [403, 'Потрібно налаштувати другий фактор'],
  PASSWORD_REJECTED: [400, 'Пароль не відповідає вимогам'],
  ACTIVATION_INVALID: [400, 'Код активації недійсний або прострочений'],
  ACCOUNT_DISABLED: [403, 'Обліковий запис вимкнено'],
  SESSION_EXPIRED: [401, 'Сеанс завершено, увійдіть знову'],
  // registry
  DUPLICATE_PERSON: [409, 'Цей учень уже є в реєстрі'],
  PUPIL_INVALID: [422, 'Запис учня має помилки'],
  IMPORT_INVALID: [422, 'Файл не вдалося прочитати'],
  IMPORT_NOT_SPREADSHEET: [422, 'Файл не є таблицею XLSX або CSV'],
  IMPORT_UNPACKED_TOO_LARGE: [422, 'Файл після розпакування завеликий'],
  IMPORT_COLUMNS_MISMATCH: [422, 'Стовпці файлу не відповідають шаблону'],
  IMPORT_TOO_MANY_ROWS: [422, 'У файлі забагато рядків'],
  IMPORT_EMPTY: [422, 'У файлі немає даних учнів'],
  IMPORT_HAS_ERRORS: [422, 'У файлі є рядки з помилками'],
  IMPORT_STATE: [409, 'Цю дію з імпортом зараз виконати не можна'],
  JOB_NOT_FOUND: [404, 'Завдання не знайдено'],
  // subvention
  SUBVENTION_PARAMETERS_INVALID: [422, 'Параметри формули субвенції мають помилки'],
  SUBVENTION_NO_PUPILS: [422, 'Немає учнів, за якими можна розподілити субвенцію'],
  SUBVENTION_RUN_STATE: [409, 'Розрахунок ще не завершено або він завершився помилкою'],
  // reports
  REPORT_CELL_UNKNOWN: [404, 'Такої клітинки у звіті немає'],
  REPORT_CELL_NOT_ENTERABLE: [422, 'Цю клітинку заповнюють дані реєстру, а не заклад'],
  REPORT_CELL_ENTERED: [409, 'Цю клітинку заповнює заклад: за нею немає записів учнів'],
  REPORT_NOT_BUILT: [409, 'Зведення на цю дату ще не побудовано'],
  // exchange with educational information systems (ОІС)
  PLATFORM_MANAGED: [409, 'Дані учнів цього закладу веде освітня платформа'],
  PLATFORM_LINK_STATE: [409, 'Цю дію з вибором платформи зараз виконати не можна'],
  IDEMPOTENCY_KEY_REQUIRED: [400, 'Потрібен заголовок Idempotency-Key'],
  IDEMPOTENCY_KEY_REUSED: [422, 'Ключ ідемпотентності вже використано для іншого запиту'],
  BATCH_TOO_LARGE: [413, 'Забагато записів в одному пакеті'],
  // verification against state registries
  REGISTRY_EXTRACT_INVALID: [422, 'Витяг з реєстру не вдалося прочитати'],
  REGISTRY_EXTRACT_COLUMNS: [422, 'Стовпці витягу не відповідають формату'],
  REGISTRY_EXTRACT_EMPTY: [422, 'У витягу немає жодного запису'],
  REGISTRY_SNAPSHOT_STATE: [409, 'Цю дію з версією витягу зараз виконати не можна'],
  REGISTRY_BIRTHS_MISSING: [409, 'Спершу завантажте витяг про народження'],
  LINK_DECISION_STATE: [409, 'Рішення щодо цієї пари зараз ухвалити не можна'],
  CASE_TRANSITION_INVALID: [409, 'Такий перехід статусу справи неможливий'],
  CASE_NOTE_REQUIRED: [422, 'Опишіть, як це встановлено'],
  // year-end transition, transfers and the in-transit pool
  SCHOOL_YEAR_STATE: [409, 'Цю дію з навчальним роком зараз виконати не можна'],
  TRANSITION_BLOCKED: [409, 'Перевести учнів зараз не можна'],
  TRANSITION_STATE: [409, 'Цю дію з переведенням учнів зараз виконати не можна'],
  TRANSFER_STATE: [409, 'Зарахувати учня за переведенням зараз не можна'],
  TRANSFER_NOT_CONFIRMED: [422, 'Дані документів не збігаються із записом учня'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** JSON path of the offending field, e.g. `/birthCertificate/series`. */
  path: string;
  code: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: readonly FieldError[];
  /** Extra members of the problem document (safe to show). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const [status, title] = ERROR_CODES[code];
    super(options.detail ?? title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.title = title;
    this.detail = options.detail;
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
