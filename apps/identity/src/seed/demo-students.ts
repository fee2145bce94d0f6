import { idCardCheckCharacter } from '../people/id-card';
import { demoName } from './demo-district';

/**
 * Students of the demo district, born across the ages the minor rule tells apart: under 14 (小学, 九年一贯制),
 * 14 to 17 (九年一贯制's upper grades, 高中, 中职) and a few of 18 and over at the 中职, so 未成年人 flags,
 * the masking they decide and the cockpit's count are all visible on `npm start`.
 */
export interface DemoStudent {
  /** 学籍号; matched on a second seed, which then creates nothing. */
  studentNo: string;
  name: string;
  schoolCode: string;
  /** Age in years on the seed's day (birthdays in March: early in a year a student is one year younger). */
  age: number;
  /** Whether the record holds a 身份证号 and a mobile number, as some schools' rosters do. */
  withIdCard: boolean;
}

/** Ages of each school's demo students: 学校标识码 → ages. */
const agesBySchool: Record<string, number[]> = {
  // 上海市奉贤区实验小学 (小学): all under 14
  '3101200001': [7, 8, 9, 10, 11, 12],
  // 上海市奉贤中学 (高中): 14 to 17, one who turned 18 in 高三
  '3101200002': [15, 16, 16, 17, 17, 18],
  // 上海市奉贤区弘文学校 (九年一贯制): both sides of 14
  '3101200007': [9, 12, 13, 14, 15],
  // 上海市奉贤中等专业学校 (中职): 15 to 19, adults among them
  '3101200029': [15, 16, 17, 18, 19, 19],
};

export const demoStudents: DemoStudent[] = Object.entries(agesBySchool).flatMap(
  ([schoolCode, ages], school) =>
    ages.map((age, index) => ({
      studentNo: `G${schoolCode}${String(index + 1).padStart(3, '0')}`,
      name: demoName(500 + school * 10 + index),
      schoolCode,
      age,
      withIdCard: index % 2 === 0,
    })),
);

/** The student's birth date for a seed run in `year`: a day in March, by position. */
export function demoBirthDate(student: DemoStudent, year: number): string {
  const day = 10 + (Number(student.studentNo.slice(-2)) % 18);
  return `${year - student.age}-03-${String(day).padStart(2, '0')}`;
}

/**
 * A valid 身份证号 (奉贤区 310120) carrying `birthDate`; the sequence is the school's last two digits and the
 * student's position, so no two demo students share one.
 */
export function demoIdCardNo(student: DemoStudent, birthDate: string): string {
  const sequence = `${student.schoolCode.slice(-2)}${student.studentNo.slice(-1)}`;
  const first17 = `310120${birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + idCardCheckCharacter(first17);
}

/** A mobile number: 139 then the 学籍号's last eight digits. */
export const demoMobile = (student: DemoStudent): string => `139${student.studentNo.slice(-8)}`;
