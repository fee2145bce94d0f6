export const SCHOOL_CODE_PATTERN = /^\d{10}$/;
