// UXP entry (dist/premiere-panel/index.html).
import { hostFromUxpRuntime, UXP_NETWORK_HINT } from '../host/uxp-runtime';
import { renderPanel } from './render';

renderPanel(hostFromUxpRuntime(), UXP_NETWORK_HINT);
