// CEP entry (dist/premiere-panel-cep/index.html), for Premiere versions before UXP.
import { hostFromCepRuntime } from '../host/cep/cep-runtime';
import { renderPanel } from './render';

renderPanel(hostFromCepRuntime(), 'CEP panels are subject to CORS: add this panel’s origin to CUTAWAY_CORS_ORIGINS on the server.');
