// @edubase/labels: the one source of zh-CN labels for the domain's identifiers, shared by services and the
// web apps (browser-safe: no runtime imports).
export * from './zh-cn';
