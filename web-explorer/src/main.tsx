import { render } from 'preact';
import { App } from './app';
import { currentLang } from './i18n';
import './styles.css';

document.documentElement.lang = currentLang();
const root = document.getElementById('app');
if (root) render(<App />, root);
