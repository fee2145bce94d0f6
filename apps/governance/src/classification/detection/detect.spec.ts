import { labelledValues } from '../../../test/labelled-values';
import { hintOfColumn } from './column-hints';
import { detect } from './detect';
import { isBankCard, isIdCard, isMobile, labelOfValue, piLabels } from './recognizers';

const TODAY = '20261205';

describe('PI recognizers', () => {
  it('reach precision and recall of at least 0.95 per label on the generated labelled set, hard negatives included', () => {
    const set = labelledValues(400);
    const predicted = set.map(({ value }) => labelOfValue(value, TODAY));
    const report = piLabels.map((label) => {
      let truePositive = 0;
      let predictedCount = 0;
      let actualCount = 0;
      set.forEach((item, index) => {
        if (predicted[index] === label) predictedCount += 1;
        if (item.label === label) actualCount += 1;
        if (predicted[index] === label && item.label === label) truePositive += 1;
      });
      return { label, precision: truePositive / predictedCount, recall: truePositive / actualCount };
    });
    const misses = (label: string) =>
      set.filter((item, index) => (item.label === label) !== (predicted[index] === label)).slice(0, 3);
    const belowTarget = report
      .filter(({ precision, recall }) => precision < 0.95 || recall < 0.95)
      .map((entry) => ({ ...entry, misses: misses(entry.label) }));
    expect(belowTarget).toEqual([]);
    expect(report.map(({ label }) => label)).toEqual([...piLabels]);
  });

  it('checks the birth date and the check digit of a 身份证号', () => {
    expect(isIdCard('11010519491231002X', TODAY)).toBe(true);
    expect(isIdCard('110105194912310021', TODAY)).toBe(false);
    expect(isIdCard('110105202712310028', TODAY)).toBe(false);
    expect(isIdCard('990105194912310021', TODAY)).toBe(false);
  });

  it('knows mobiles, bank cards and the column hints', () => {
    expect(isMobile('13800138000')).toBe(true);
    expect(isMobile('+86 138-0013-8000')).toBe(true);
    expect(isMobile('12800138000')).toBe(false);
    expect(isBankCard('6222021234567890127')).toBe(false);
    expect(isBankCard('6222 0212 3456 7890 128')).toBe(true);
    expect(isBankCard('6222600260001072444')).toBe(true);
    expect(
      ['sfzh', 'stu_zjhm', 'lxdhHome', 'XJH', 'yhkh', 'yx', '联系电话', '证件号码', '学籍号', 'remark'].map(
        hintOfColumn,
      ),
    ).toEqual([
      'id_card',
      'id_card',
      'mobile',
      'student_no',
      'bank_card',
      'email',
      'mobile',
      'id_card',
      'student_no',
      undefined,
    ]);
  });

  it('suggests the majority label of the values, more confidently when the name agrees, else the name alone', () => {
    const ids = ['11010519491231002X', '11010519491231002X', '', '张三'];
    expect(detect('sfzh', ids, TODAY)).toMatchObject({
      suggested: 'id_card',
      confidence: 0.73,
      columnHint: 'id_card',
    });
    expect(detect('remark', ids, TODAY)).toMatchObject({ suggested: 'id_card', confidence: 0.53 });
    expect(detect('lxdh', ['无', '待补'], TODAY)).toMatchObject({ suggested: 'mobile', confidence: 0.4 });
    expect(detect('bz', ['无', '待补'], TODAY)).toMatchObject({ suggested: 'none', confidence: 1 });
  });
});
