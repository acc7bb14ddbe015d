import { nothing, type ElementPart } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';

/**
 * Sets CSS custom properties through the CSSOM (`style.setProperty`), never through a `style`
 * attribute: the panel's CSP allows no inline style attributes, and lit's styleMap writes one on
 * its first render.
 */
class CssVarsDirective extends Directive {
  private previous: Readonly<Record<string, string>> = {};

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssVars() goes on an element: <div ${cssVars({...})}>');
  }

  render(_vars: Readonly<Record<string, string>>): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [vars]: [Readonly<Record<string, string>>]): typeof nothing {
    const style = (part.element as HTMLElement).style;
    for (const name of Object.keys(this.previous)) if (!(name in vars)) style.removeProperty(name);
    for (const [name, value] of Object.entries(vars)) if (this.previous[name] !== value) style.setProperty(name, value);
    this.previous = vars;
    return nothing;
  }
}

export const cssVars = directive(CssVarsDirective);
