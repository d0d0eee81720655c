// What a Bronze webview page needs from the extension's media folder, as the webview may load it: the page's
// script and stylesheet (media/<page>.js, .css), the shared DOM helpers (media/dom.js) and a fresh nonce per load.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewPageOptions } from '../panel/webview-page';

export function mediaPageOptions(webview: vscode.Webview, media: vscode.Uri, page: 'audit' | 'results', title: string): WebviewPageOptions {
  const uri = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
  return {
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    domScriptUri: uri('dom.js'),
    scriptUri: uri(`${page}.js`),
    styleUri: uri(`${page}.css`),
    title,
  };
}
