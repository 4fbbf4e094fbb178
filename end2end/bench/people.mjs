// Invitees for the benchmarks (5,000, or BENCH_INVITEES): deterministic
// Vietnamese names, weighted like real ones, as the CSV an officer would
// paste, with what a search should match.
export const COUNT = Number(process.env.BENCH_INVITEES ?? 5000);
function rng(seed) { // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20260101);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const weighted = (pairs) => {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = rand() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  };
};
const family = weighted([['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 4],
  ['Phan', 4.5], ['Vũ', 3.9], ['Võ', 3.5], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3],
  ['Dương', 1], ['Lý', 0.5]]);
const middleMale = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thanh', 'Công', 'Xuân', 'Đình', 'Bảo', 'Gia', 'Anh'];
const middleFemale = ['Thị', 'Ngọc', 'Thanh', 'Minh', 'Thu', 'Kim', 'Phương', 'Hoài', 'Bảo', 'Xuân'];
const givenMale = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tuấn',
  'Thắng', 'Trung', 'Khánh', 'Hiếu', 'Đạt', 'Toàn', 'Vinh', 'Lộc', 'Thịnh', 'Huy', 'Tâm', 'Hà'];
const givenFemale = ['Hà', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Thảo', 'Trang', 'Yến', 'Hạnh', 'Hoa', 'Huyền',
  'Nhung', 'Oanh', 'Phượng', 'Thủy', 'Vân', 'Ánh', 'Diệp', 'Loan', 'Tâm', 'An', 'Ngân', 'Thư'];
const places = ['Tân Lập', 'Đông Hòa', 'Phú Thọ', 'An Bình', 'Hòa Lạc', 'Thượng', 'Hạ', 'Bắc Sơn', 'Ea Tiêu'];
const titles = [
  () => `Chủ tịch UBND xã ${pick(places)}`, () => `Bí thư Chi bộ thôn ${pick(places)}`,
  () => `Trưởng thôn ${pick(places)}`, () => `Chi hội trưởng Hội Phụ nữ thôn ${pick(places)}`,
  () => 'Hội Cựu chiến binh xã', () => 'Đoàn Thanh niên xã', () => 'Công an xã',
  () => `Giáo viên Trường THCS ${pick(places)}`, () => 'Trạm Y tế xã', () => 'Già làng',
  () => 'Người có uy tín', () => 'Mặt trận Tổ quốc xã', () => 'Hộ gia đình', () => '', () => '',
];
const categories = ['1', '2', '3', '4', '5', '6', '7', '8', 'uy tín', 'cấp trên', 'lãnh đạo', 'nhân dân',
  'Cơ quan, đơn vị đóng trên địa bàn', '7', '7', '7', '6', ''];

// As the app folds text for search: lower case, no diacritics, đ → d.
export const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/đ/g, 'd');
export const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const csvCell = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export const people = [];
const seen = new Set();
while (people.length < COUNT) {
  const female = rand() < 0.5;
  const middle = female ? pick(middleFemale) : pick(middleMale);
  const other = female ? pick(middleFemale) : pick(middleMale);
  const second = rand() < 0.25 && other !== middle ? ` ${other}` : '';
  const name = `${family()} ${middle}${second} ${female ? pick(givenFemale) : pick(givenMale)}`;
  const digits = `09${String(10_000_000 + ((people.length * 7919) % 89_999_999)).padStart(8, '0')}`;
  const phone = rand() < 0.1 ? '' : rand() < 0.5 ? digits : `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  const identity = `${fold(name)}|${phone.replace(/\D/g, '')}`; // the app skips repeats
  if (seen.has(identity)) continue;
  seen.add(identity);
  const title = pick(titles)();
  people.push({ name, title, category: pick(categories), phone, words: words(`${name} ${title} ${phone}`) });
}
export const csv = ['Họ tên,Chức vụ,Nhóm,Điện thoại',
  ...people.map((p) => [p.name, p.title, p.category, p.phone].map(csvCell).join(','))].join('\n');
export const matchCount = (q) => {
  const qw = words(q);
  return people.filter((p) => qw.every((w) => p.words.some((x) => x.startsWith(w)))).length;
};

