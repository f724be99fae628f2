export { grantCurrentOn, Scope } from './access.policy.js';
