import { normalizeName } from '#shared/core/search-key';

/**
 * The text side of search (docs/data-model.md, "Search index"): which terms a customer or contact is indexed
 * under, and which term partition a query reads. Pure functions, no AWS, no zod.
 *
 * - A name is normalised (NFKC, lower case, single spaces: `normalizeName`) and cut into **tokens**: runs of Han
 *   characters, and runs of other letters and digits (Latin words, numbers). Everything else — spaces, `#`, `:`,
 *   punctuation, emoji — only separates tokens, so no term can ever carry a key separator.
 * - A Han run yields its **bigrams** (北京石油 → 北京, 京石, 石油); a Latin run of 3+ characters its **trigrams**
 *   (acme → acm, cme). Shorter runs yield nothing (a 2-letter prefix is served by the name index, see below).
 * - Each term remembers whether it starts the name (`prefix`): the term items of names that start with it sort
 *   first, so prefix and exact matches are read before infix ones even in a crowded partition (公司).
 */

const HAN = /\p{Script=Han}/u;
const TOKEN = /[\p{L}\p{N}\p{M}]/u;

/** At most this many distinct name terms per customer: bounds a transfer's transaction (docs/data-model.md). */
export const MAX_NAME_TERMS = 24;
/** A query's bounds, in characters after normalisation. */
export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 100;
/** Phone lookups: at least the last 4 digits; a term is keyed by the last 4. */
export const MIN_PHONE_DIGITS = 4;
export const MAX_PHONE_DIGITS = 20;

export interface NameTerm {
  readonly term: string;
  /** The term starts the name. */
  readonly prefix: boolean;
}

interface Token {
  readonly text: string;
  readonly han: boolean;
  /** Index (in code points) of the token's first character in the normalised name. */
  readonly at: number;
}

const tokensOf = (normalized: string): Token[] => {
  const tokens: { chars: string[]; han: boolean; at: number }[] = [];
  let current: { chars: string[]; han: boolean; at: number } | undefined;
  [...normalized].forEach((char, index) => {
    const han = HAN.test(char);
    if (!han && !TOKEN.test(char)) {
      current = undefined;
      return;
    }
    if (!current || current.han !== han) {
      current = { chars: [], han, at: index };
      tokens.push(current);
    }
    current.chars.push(char);
  });
  return tokens.map((token) => ({ text: token.chars.join(''), han: token.han, at: token.at }));
};

/** The n-grams of a token with their position in the name: bigrams of Han runs, trigrams of other words. */
const gramsOf = (token: Token): { term: string; at: number }[] => {
  const chars = [...token.text];
  const n = token.han ? 2 : 3;
  const grams: { term: string; at: number }[] = [];
  for (let index = 0; index + n <= chars.length; index += 1) grams.push({ term: chars.slice(index, index + n).join(''), at: token.at + index });
  return grams;
};

/**
 * The name terms of a name, in the order they first occur, for at most MAX_NAME_TERMS distinct n-grams: one item
 * with `prefix` for the n-gram the name starts with, one without for every n-gram found anywhere else (an n-gram at
 * both places gives both, so an infix read finds every occurrence that is not the name's start).
 */
export const nameTermsOf = (name: string): NameTerm[] => {
  const seen = new Map<string, { start: boolean; elsewhere: boolean }>();
  for (const token of tokensOf(normalizeName(name))) {
    for (const gram of gramsOf(token)) {
      const known = seen.get(gram.term);
      if (!known && seen.size >= MAX_NAME_TERMS) continue;
      const entry = known ?? { start: false, elsewhere: false };
      if (gram.at === 0) entry.start = true;
      else entry.elsewhere = true;
      seen.set(gram.term, entry);
    }
  }
  return [...seen].flatMap(([term, at]) => [...(at.start ? [{ term, prefix: true }] : []), ...(at.elsewhere ? [{ term, prefix: false }] : [])]);
};

/** The characters a search string may not hold: key separators, emoji, control and private-use characters. */
const FORBIDDEN = /[#:\p{Extended_Pictographic}\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;

export type QueryProblem = 'tooShort' | 'tooLong' | 'forbidden' | 'noText';

/** Why a name query is refused (the handler turns it into a 400 on `query.q`), or undefined when it is fine. */
export const nameQueryProblem = (query: string): QueryProblem | undefined => {
  if ([...query].length > MAX_QUERY_LENGTH * 2) return 'tooLong';
  if (FORBIDDEN.test(query)) return 'forbidden';
  const normalized = normalizeName(query);
  const length = [...normalized].length;
  if (length > MAX_QUERY_LENGTH) return 'tooLong';
  if (length < MIN_QUERY_LENGTH) return 'tooShort';
  if (tokensOf(normalized).reduce((sum, token) => sum + [...token.text].length, 0) < MIN_QUERY_LENGTH) return 'noText';
  return undefined;
};

export const QUERY_PROBLEM_MESSAGES: Readonly<Record<QueryProblem, string>> = {
  tooShort: `At least ${MIN_QUERY_LENGTH} characters.`,
  tooLong: `At most ${MAX_QUERY_LENGTH} characters.`,
  forbidden: 'Letters, digits, spaces and punctuation only: no #, :, emoji or control characters.',
  noText: `At least ${MIN_QUERY_LENGTH} letters or digits.`,
};

/**
 * N-grams so common in company names that a partition of them holds a large share of all customers (有限, 公司 …):
 * a query reads another of its n-grams for infix matches when it has one (docs/data-model.md, "Search index").
 */
export const COMMON_TERMS: ReadonlySet<string> = new Set([
  ...'有限 限公 公司 责任 任公 股份 份有 集团 科技 技术 贸易 实业 发展 中国 北京 上海 广州 深圳 天津 重庆 工程 建设 投资 管理 咨询 服务 电子 信息 网络 国际 商贸 物流 制造 工业 设备 机械 文化 传媒 生物 医药 材料 能源 环保 食品 控股 置业 地产 汽车 销售 经营 商行 分公 工厂'.split(' '),
  ...'ltd lim imi mit ite ted inc com omp mpa pan any cor orp rpo rat ati tio ion gro rou oup int nte ter ern rna nat ona nal tra rad adi din ing the and ser erv rvi vic ice tec ech chn hno nol olo log ogy ind ndu dus ust str tri ies ent'.split(' '),
]);

export interface NameQueryPlan {
  /** The normalised query: a match's normalised name contains it. */
  readonly text: string;
  /** The query starts with this n-gram: the names that start with the query are that partition's `0#<text>…` items. */
  readonly prefixTerm?: string;
  /** The partition read for infix matches: the query's first n-gram that is not common, else its first. */
  readonly infixTerm?: string;
  /** Also read the list index by this prefix (pinyin initials, a Latin name's start): the query has no Han character. */
  readonly namePrefix?: string;
}

/** How a (valid) name query is answered: term partitions and/or the list index's prefix. */
export const nameQueryPlanOf = (query: string): NameQueryPlan => {
  const text = normalizeName(query);
  const grams = tokensOf(text).flatMap(gramsOf).sort((a, b) => a.at - b.at);
  const first = grams[0];
  const infix = grams.find((gram) => !COMMON_TERMS.has(gram.term)) ?? first;
  const latin = !HAN.test(text);
  return {
    text,
    ...(first && first.at === 0 ? { prefixTerm: first.term } : {}),
    ...(infix ? { infixTerm: infix.term } : {}),
    ...(latin ? { namePrefix: text } : {}),
  };
};

export type MatchRank = 'exact' | 'prefix' | 'infix' | 'suffix';
const RANK_ORDER: Readonly<Record<MatchRank, number>> = { exact: 0, prefix: 1, infix: 2, suffix: 3 };
export const compareRanks = (a: MatchRank, b: MatchRank): number => RANK_ORDER[a] - RANK_ORDER[b];

/** How a normalised name matches a normalised query, or undefined when it does not contain it. */
export const nameRankOf = (normalizedName: string, text: string): MatchRank | undefined => {
  if (normalizedName === text) return 'exact';
  if (normalizedName.startsWith(text)) return 'prefix';
  if (normalizedName.includes(text)) return 'infix';
  return undefined;
};

/** The digits of a phone number (`+86 138-0013-8000` → `8613800138000`). */
export const phoneDigitsOf = (phone: string): string => phone.replace(/\D/g, '');

/** The partition of a phone number (its last 4 digits); undefined for a number too short to index. */
export const phoneBucketOf = (digits: string): string | undefined => (digits.length >= MIN_PHONE_DIGITS ? digits.slice(-MIN_PHONE_DIGITS) : undefined);

/**
 * Whether a stored number answers a phone query: the query is the whole number or its last 4+ digits. A query
 * with a country code (`86…`) finds a number stored without it, and the reverse, when the shorter one has 7+ digits.
 */
export const phoneRankOf = (stored: string, query: string): MatchRank | undefined => {
  if (stored === query) return 'exact';
  if (stored.endsWith(query)) return query.length >= 7 && stored.length - query.length <= 3 ? 'exact' : 'suffix';
  if (stored.length >= 7 && query.endsWith(stored)) return 'exact';
  return undefined;
};

/** E-mail addresses compare case-insensitively (NFKC, trimmed). */
export const normalizeEmail = (email: string): string => email.normalize('NFKC').trim().toLowerCase();

/** Customer and tax numbers compare upper-case, without spaces and dashes. */
export const normalizeCode = (value: string): string => value.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
