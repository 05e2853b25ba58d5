import { describe, expect, it } from 'vitest';
import { transliterate } from './translit';

describe('transliterate (КМУ постанова № 55 від 27.01.2010)', () => {
  // The examples of the official table.
  it.each([
    ['Алушта', 'Alushta'],
    ['Андрій', 'Andrii'],
    ['Борщагівка', 'Borshchahivka'],
    ['Вінниця', 'Vinnytsia'],
    ['Гадяч', 'Hadiach'],
    ['Згорани', 'Zghorany'],
    ['Розгон', 'Rozghon'],
    ['Ґалаґан', 'Galagan'],
    ['Дон', 'Don'],
    ['Рівне', 'Rivne'],
    ['Єнакієве', 'Yenakiieve'],
    ['Наєнко', 'Naienko'],
    ['Житомир', 'Zhytomyr'],
    ['Закарпаття', 'Zakarpattia'],
    ['Медвин', 'Medvyn'],
    ['Іршава', 'Irshava'],
    ['Їжакевич', 'Yizhakevych'],
    ['Кадиївка', 'Kadyivka'],
    ['Йосипівка', 'Yosypivka'],
    ['Стрий', 'Stryi'],
    ['Олексій', 'Oleksii'],
    ['Київ', 'Kyiv'],
    ['Лебедин', 'Lebedyn'],
    ['Миколаїв', 'Mykolaiv'],
    ['Ніжин', 'Nizhyn'],
    ['Одеса', 'Odesa'],
    ['Полтава', 'Poltava'],
    ['Ромни', 'Romny'],
    ['Суми', 'Sumy'],
    ['Тетерів', 'Teteriv'],
    ['Ужгород', 'Uzhhorod'],
    ['Фастів', 'Fastiv'],
    ['Харків', 'Kharkiv'],
    ['Біла Церква', 'Bila Tserkva'],
    ['Чернівці', 'Chernivtsi'],
    ['Шостка', 'Shostka'],
    ['Гоща', 'Hoshcha'],
    ['Русь', 'Rus'],
    ['Юрій', 'Yurii'],
    ['Корюківка', 'Koriukivka'],
    ['Яготин', 'Yahotyn'],
    ['Ічня', 'Ichnia'],
    ["Знам'янка", 'Znamianka'],
    ['Знамʼянка', 'Znamianka'],
    ['Знам’янка', 'Znamianka'],
  ])('%s → %s', (uk, latin) => {
    expect(transliterate(uk)).toBe(latin);
  });

  it('keeps a word in capitals in capitals, to its last letter', () => {
    expect(transliterate('ЩЕРБАК')).toBe('SHCHERBAK');
    expect(transliterate('ЮЩ')).toBe('YUSHCH');
    expect(transliterate('ЗГУРСЬКИЙ ЮРІЙ')).toBe('ZGHURSKYI YURII');
    expect(transliterate('ЗНАМʼЯНКА')).toBe('ZNAMIANKA');
  });

  it('capitalises only the first Latin letter of a capital in a mixed-case word', () => {
    expect(transliterate('Щ')).toBe('Shch');
    expect(transliterate('Я і Ю')).toBe('Ya i Yu');
    expect(transliterate('Згурський Юрій')).toBe('Zghurskyi Yurii');
  });

  it('starts a word after anything that is not a letter or an apostrophe', () => {
    expect(transliterate('Ольховська-Яременко')).toBe('Olkhovska-Yaremenko');
    expect(transliterate('(Юрій)')).toBe('(Yurii)');
  });

  it('passes through characters outside the Ukrainian alphabet', () => {
    expect(transliterate('Taras 12, №5 😀')).toBe('Taras 12, №5 😀');
    expect(transliterate('')).toBe('');
  });
});
